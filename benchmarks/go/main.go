// Command go4j-bench runs go4j's benchmark workloads in Go, the baseline of the JMH suite in
// benchmarks/src/main/java. Each workload has the name and parameters of its JMH twin, the same
// shape (goroutines started per invocation, one fresh goroutine driving each invocation) and the
// same number of messages per invocation, so that the report can put the two side by side.
//
// The harness mirrors JMH's average-time mode: warm-up rounds, then measured rounds of a fixed
// duration, each running whole invocations until the duration is reached; the score is the mean
// over the measured rounds of ns per message. Allocation is runtime.MemStats.TotalAlloc over the
// measured rounds divided by the messages (JMH's gc.alloc.rate.norm).
//
// Usage: go run . -out result.json [-bench regexp] [-warmup 3] [-iterations 5] [-time 1s]
//
// Each workload runs in a fresh process (this program, re-run with -fork=false -workload label),
// as JMH runs each benchmark in a fresh JVM: nothing one workload leaves behind weighs on the next.
// In one process it would: TimeAfterSelect leaves millions of pending one-hour timers (Go 1.19
// keeps an abandoned time.After timer, and its channel, until it fires), gigabytes of live heap
// that every later garbage collection must mark, and BlockedMemory leaves 10^6 dead goroutines
// whose g structures the runtime never frees. The workloads that allocate (chanCreation,
// createCancel, cancelTree, waitGroup) then paid for collections of that heap in some rounds.
//
// Standard library only. Run with GOMAXPROCS set to the machine's cores (the default).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// prefix is the Java package of the JMH twins; benchmark names carry it so that -bench takes the
// same regular expressions as JMH's include pattern.
const prefix = "io.github.go4j.bench."

// workload is one benchmark with one set of parameters.
type workload struct {
	name   string            // JMH benchmark name without the package, e.g. "Spsc.run"
	params map[string]string // JMH parameters other than impl
	ops    int               // messages (operations) per invocation
	run    func()            // one invocation; panics if its checksum is wrong
	procs  int               // GOMAXPROCS while it runs; 0: unchanged
	memory func() float64    // if set, a memory workload: one round returns bytes per goroutine
}

type result struct {
	Benchmark        string            `json:"benchmark"`
	Params           map[string]string `json:"params"`
	OpsPerInvocation int               `json:"ops_per_invocation"`
	NsPerOp          float64           `json:"ns_per_op"`
	NsPerOpStddev    float64           `json:"ns_per_op_stddev"`
	NsPerOpRounds    []float64         `json:"ns_per_op_rounds"`
	BytesPerOp       float64           `json:"bytes_per_op"`
	AllocsPerOp      float64           `json:"allocs_per_op"`
	// Memory workloads only (ns_per_op is then 0): the median, the standard deviation and the
	// rounds of the bytes per blocked goroutine.
	BytesPerGoroutine       float64   `json:"bytes_per_goroutine,omitempty"`
	BytesPerGoroutineStddev float64   `json:"bytes_per_goroutine_stddev,omitempty"`
	BytesPerGoroutineRounds []float64 `json:"bytes_per_goroutine_rounds,omitempty"`
	// GOMAXPROCS of this workload when it differs from the report's.
	GOMAXPROCS int `json:"gomaxprocs,omitempty"`
}

type report struct {
	GoVersion        string   `json:"go_version"`
	GOOS             string   `json:"goos"`
	GOARCH           string   `json:"goarch"`
	NumCPU           int      `json:"num_cpu"`
	GOMAXPROCS       int      `json:"gomaxprocs"`
	WarmupIterations int      `json:"warmup_iterations"`
	Iterations       int      `json:"iterations"`
	IterationTime    string   `json:"iteration_time"`
	Started          string   `json:"started"`
	Results          []result `json:"results"`
}

func main() {
	out := flag.String("out", "", "write the JSON results to this file (default: stdout)")
	bench := flag.String("bench", ".*", "run the workloads whose full JMH name matches this regexp")
	warmup := flag.Int("warmup", 3, "warm-up rounds")
	iterations := flag.Int("iterations", 5, "measured rounds")
	iterTime := flag.Duration("time", time.Second, "duration of a round")
	list := flag.Bool("list", false, "list the workloads and exit")
	fork := flag.Bool("fork", true, "run each workload in a fresh process (see the package comment)")
	only := flag.String("workload", "", "run only the workload with this label (as -list prints it)")
	flag.Parse()

	re, err := regexp.Compile(*bench)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad -bench:", err)
		os.Exit(2)
	}
	rep := report{
		GoVersion:        runtime.Version(),
		GOOS:             runtime.GOOS,
		GOARCH:           runtime.GOARCH,
		NumCPU:           runtime.NumCPU(),
		GOMAXPROCS:       runtime.GOMAXPROCS(0),
		WarmupIterations: *warmup,
		Iterations:       *iterations,
		IterationTime:    iterTime.String(),
		Started:          time.Now().UTC().Format(time.RFC3339),
		Results:          []result{},
	}
	for _, w := range workloads() {
		if !re.MatchString(prefix + w.name) {
			continue
		}
		if *only != "" && w.label() != *only {
			continue
		}
		if *list {
			fmt.Println(w.label())
			continue
		}
		if *fork {
			r, err := runForked(w, *warmup, *iterations, *iterTime)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			rep.Results = append(rep.Results, r)
			continue
		}
		if w.memory != nil {
			r := measureMemory(w, *warmup, *iterations)
			fmt.Fprintf(os.Stderr, "%-60s %10.1f B/goroutine\n", w.label(), r.BytesPerGoroutine)
			rep.Results = append(rep.Results, r)
			continue
		}
		r := measure(w, *warmup, *iterations, *iterTime)
		fmt.Fprintf(os.Stderr, "%-60s %10.1f ns/op %8.1f B/op\n", w.label(), r.NsPerOp, r.BytesPerOp)
		rep.Results = append(rep.Results, r)
	}
	if *list {
		return
	}
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		panic(err)
	}
	if *out == "" {
		fmt.Println(string(data))
		return
	}
	if err := os.WriteFile(*out, append(data, '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func (w workload) label() string {
	keys := make([]string, 0, len(w.params))
	for k := range w.params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+w.params[k])
	}
	return w.name + " " + strings.Join(parts, ",")
}

// runForked runs w in a fresh process of this program and returns its result.
func runForked(w workload, warmup, iterations int, d time.Duration) (result, error) {
	self, err := os.Executable()
	if err != nil {
		return result{}, err
	}
	cmd := exec.Command(self, "-fork=false", "-workload", w.label(),
		"-warmup", itoa(warmup), "-iterations", itoa(iterations), "-time", d.String())
	cmd.Stderr = os.Stderr // the child's progress line
	out, err := cmd.Output()
	if err != nil {
		return result{}, fmt.Errorf("%s: %v", w.label(), err)
	}
	var child report
	if err := json.Unmarshal(out, &child); err != nil {
		return result{}, fmt.Errorf("%s: %v", w.label(), err)
	}
	if len(child.Results) != 1 {
		return result{}, fmt.Errorf("%s: %d results from its process", w.label(), len(child.Results))
	}
	return child.Results[0], nil
}

// measure runs warm-up and measured rounds of w.
func measure(w workload, warmup, iterations int, d time.Duration) result {
	if w.procs > 0 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(w.procs))
	}
	for i := 0; i < warmup; i++ {
		round(w, d)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	rounds := make([]float64, 0, iterations)
	var ops int64
	for i := 0; i < iterations; i++ {
		ns, n := round(w, d)
		rounds = append(rounds, ns)
		ops += n
	}
	runtime.ReadMemStats(&after)
	mean, sd := meanStddev(rounds)
	return result{
		Benchmark:        w.name,
		Params:           w.params,
		OpsPerInvocation: w.ops,
		NsPerOp:          mean,
		NsPerOpStddev:    sd,
		NsPerOpRounds:    rounds,
		BytesPerOp:       float64(after.TotalAlloc-before.TotalAlloc) / float64(ops),
		AllocsPerOp:      float64(after.Mallocs-before.Mallocs) / float64(ops),
		GOMAXPROCS:       w.procs,
	}
}

// measureMemory runs warm-up and measured rounds of a memory workload, one call of w.memory each;
// the score is the median of the measured rounds (as the report takes JMH's).
func measureMemory(w workload, warmup, iterations int) result {
	for i := 0; i < warmup; i++ {
		w.memory()
	}
	rounds := make([]float64, 0, iterations)
	for i := 0; i < iterations; i++ {
		rounds = append(rounds, w.memory())
	}
	_, sd := meanStddev(rounds)
	return result{
		Benchmark:               w.name,
		Params:                  w.params,
		OpsPerInvocation:        w.ops,
		BytesPerGoroutine:       median(rounds),
		BytesPerGoroutineStddev: sd,
		BytesPerGoroutineRounds: rounds,
	}
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// round runs whole invocations for at least d; returns ns per operation and the operations run.
func round(w workload, d time.Duration) (float64, int64) {
	start := time.Now()
	var n int64
	for {
		drive(w.run)
		n++
		if el := time.Since(start); el >= d {
			return float64(el.Nanoseconds()) / float64(n*int64(w.ops)), n * int64(w.ops)
		}
	}
}

// drive runs one invocation on a fresh goroutine and waits for it, as the JMH twins run each
// invocation on a fresh virtual thread.
func drive(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}

func meanStddev(xs []float64) (float64, float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	mean := s / float64(len(xs))
	if len(xs) == 1 {
		return mean, 0
	}
	var v float64
	for _, x := range xs {
		v += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(v / float64(len(xs)-1))
}

// token is the value of message i; its Java twin is Parties.token.
func token(i int) int { return (i & 127) - 64 }

func checksum(n int) int64 {
	var s int64
	for i := 0; i < n; i++ {
		s += int64(token(i))
	}
	return s
}

func check(what string, expected, actual int64) {
	if expected != actual {
		panic(fmt.Sprintf("%s: checksum %d != expected %d (lost or duplicated)", what, actual, expected))
	}
}

func workloads() []workload {
	var ws []workload
	ws = append(ws, workload{name: "PingPong.run", params: map[string]string{}, ops: pingPongN, run: pingPong})
	for _, c := range []int{0, 1, 64, 1024} {
		c := c
		ws = append(ws, workload{name: "Spsc.run", params: map[string]string{"capacity": itoa(c)},
			ops: spscN, run: func() { spsc(c) }})
	}
	for _, pc := range [][2]int{{4, 4}, {100, 100}} {
		for _, c := range []int{0, 64} {
			p, q, c := pc[0], pc[1], c
			ws = append(ws, workload{name: "Mpmc.run",
				params: map[string]string{"parties": fmt.Sprintf("%dx%d", p, q), "capacity": itoa(c)},
				ops:    mpmcN, run: func() { mpmc(p, q, c) }})
		}
	}
	// OneCarrier: the JMH fork runs with one carrier thread (jdk.virtualThreadScheduler.parallelism=1).
	ws = append(ws, workload{name: "OneCarrier.pingPong", params: map[string]string{},
		ops: pingPongN, run: pingPong, procs: 1})
	for _, c := range []int{0, 1, 64} {
		c := c
		ws = append(ws, workload{name: "OneCarrier.spsc", params: map[string]string{"capacity": itoa(c)},
			ops: spscN, run: func() { spsc(c) }, procs: 1})
	}
	ws = append(ws, workload{name: "OneCarrier.selectCancel", params: map[string]string{"capacity": "0"},
		ops: cancelN, run: func() { selectCancel(0) }, procs: 1})
	// SelectFanInReused, SelectCancelReused and GoShapes.selectNonblockReused build their Java cases
	// once; Go builds no case objects, so their twins are the same programs as the originals'.
	for _, name := range []string{"SelectFanIn.run", "SelectFanInReused.run"} {
		ws = append(ws,
			workload{name: name, params: map[string]string{"channels": "2", "capacity": "64"},
				ops: fanInN, run: func() { selectFanIn2(64) }},
			workload{name: name, params: map[string]string{"channels": "8", "capacity": "64"},
				ops: fanInN, run: func() { selectFanIn8(64) }})
	}
	for _, name := range []string{"SelectCancel.run", "SelectCancelReused.run"} {
		for _, c := range []int{0, 64} {
			c := c
			ws = append(ws, workload{name: name, params: map[string]string{"capacity": itoa(c)},
				ops: cancelN, run: func() { selectCancel(c) }})
		}
	}
	ws = append(ws,
		workload{name: "TimeAfterSelect.run", params: map[string]string{"capacity": "128"},
			ops: timeAfterN, run: func() { timeAfterSelect(128) }},
	)
	for _, n := range blockedNs {
		n := n
		ws = append(ws, workload{name: "BlockedMemory.run", params: map[string]string{"goroutines": itoa(n)},
			ops: n, memory: func() float64 { return blockedMemory(n) }})
	}
	ws = append(ws,
		workload{name: "GoShapes.chanNonblocking", params: map[string]string{}, ops: shapesN, run: chanNonblocking},
		workload{name: "GoShapes.selectNonblock", params: map[string]string{}, ops: shapesN, run: selectNonblock},
		workload{name: "GoShapes.selectNonblockReused", params: map[string]string{}, ops: shapesN, run: selectNonblock},
		workload{name: "GoShapes.chanUncontended", params: map[string]string{}, ops: shapesN, run: chanUncontended},
		workload{name: "GoShapes.chanCreation", params: map[string]string{}, ops: shapesN, run: chanCreation},
		workload{name: "SyncBench.waitGroup", params: map[string]string{}, ops: syncN, run: waitGroup},
		workload{name: "SyncBench.mutexContended", params: map[string]string{}, ops: syncN, run: mutexContended},
		workload{name: "SyncBench.mutexUncontended", params: map[string]string{}, ops: syncN, run: mutexUncontended},
		workload{name: "ContextBench.createCancel", params: map[string]string{}, ops: contextN, run: contextCreateCancel},
		workload{name: "ContextBench.cancelTree", params: map[string]string{}, ops: contextN, run: contextCancelTree},
		workload{name: "ContextBench.valueDepth10", params: map[string]string{}, ops: contextN, run: contextValueDepth10},
		workload{name: "PatternsPipeline.pipeline3", params: map[string]string{}, ops: patternsN, run: pipeline3},
		workload{name: "PatternsPipeline.fanOutFanIn", params: map[string]string{}, ops: patternsN, run: fanOutFanIn},
		workload{name: "PatternsMerge.merge8", params: map[string]string{}, ops: patternsN, run: merge8})
	// Coordination (CoordTtlCache): only the TTL cache has a twin here. SingleFlight, RateLimiter
	// and ErrGroup port golang.org/x/sync and golang.org/x/time, which are not in the standard
	// library and cannot be fetched on the benchmark machine; they get no Go row.
	ws = append(ws, workload{name: "CoordTtlCache.hit", params: map[string]string{}, ops: ttlN, run: ttlCacheHit})
	return ws
}

func itoa(i int) string { return fmt.Sprint(i) }

// Messages per invocation: the same constants as the JMH twins.
const (
	pingPongN  = 100_000
	spscN      = 100_000
	mpmcN      = 100_000
	fanInN     = 100_000
	cancelN    = 100_000
	timeAfterN = 100_000
	shapesN    = 100_000
	syncN      = 100_000
	contextN   = 100_000
	patternsN  = 1_000_000
)

// Goroutines blocked at once (BlockedMemory): the same values as the JMH twin's parameter.
var blockedNs = []int{100_000, 1_000_000}

// pingPong is PingPong.run: a round trip over two unbuffered channels is two messages.
func pingPong() {
	ping, pong := make(chan int), make(chan int)
	rounds := pingPongN / 2
	go func() {
		for i := 0; i < rounds; i++ {
			pong <- <-ping
		}
	}()
	var sum int64
	for i := 0; i < rounds; i++ {
		ping <- token(i)
		sum += int64(<-pong)
	}
	check("ping-pong", checksum(rounds), sum)
}

// spsc is Spsc.run: one producer goroutine, the driver receives.
func spsc(capacity int) {
	ch := make(chan int, capacity)
	go func() {
		for i := 0; i < spscN; i++ {
			ch <- token(i)
		}
	}()
	var sum int64
	for i := 0; i < spscN; i++ {
		sum += int64(<-ch)
	}
	check("spsc", checksum(spscN), sum)
}

// mpmc is Mpmc.run: p producers send n/p each, q consumers receive n/q each.
func mpmc(p, q, capacity int) {
	ch := make(chan int, capacity)
	perP, perQ := mpmcN/p, mpmcN/q
	var wg sync.WaitGroup
	var mu sync.Mutex
	var total int64
	wg.Add(p + q)
	for c := 0; c < q; c++ {
		go func() {
			defer wg.Done()
			var sum int64
			for i := 0; i < perQ; i++ {
				sum += int64(<-ch)
			}
			mu.Lock()
			total += sum
			mu.Unlock()
		}()
	}
	for k := 0; k < p; k++ {
		from := k * perP
		go func() {
			defer wg.Done()
			for i := from; i < from+perP; i++ {
				ch <- token(i)
			}
		}()
	}
	wg.Wait()
	check("mpmc", checksum(mpmcN), total)
}

// fanInProducers starts one producer per channel, each sending n/len(chs) values.
func fanInProducers(chs []chan int, wg *sync.WaitGroup) {
	per := fanInN / len(chs)
	wg.Add(len(chs))
	for k, ch := range chs {
		from, ch := k*per, ch
		go func() {
			defer wg.Done()
			for i := from; i < from+per; i++ {
				ch <- token(i)
			}
		}()
	}
}

func makeChans(k, capacity int) []chan int {
	chs := make([]chan int, k)
	for i := range chs {
		chs[i] = make(chan int, capacity)
	}
	return chs
}

// selectFanIn2 is SelectFanIn.run with channels=2.
func selectFanIn2(capacity int) {
	chs := makeChans(2, capacity)
	var wg sync.WaitGroup
	fanInProducers(chs, &wg)
	var sum int64
	for i := 0; i < fanInN; i++ {
		select {
		case v := <-chs[0]:
			sum += int64(v)
		case v := <-chs[1]:
			sum += int64(v)
		}
	}
	wg.Wait()
	check("select fan-in", checksum(fanInN), sum)
}

// selectFanIn8 is SelectFanIn.run with channels=8.
func selectFanIn8(capacity int) {
	chs := makeChans(8, capacity)
	var wg sync.WaitGroup
	fanInProducers(chs, &wg)
	var sum int64
	for i := 0; i < fanInN; i++ {
		var v int
		select {
		case v = <-chs[0]:
		case v = <-chs[1]:
		case v = <-chs[2]:
		case v = <-chs[3]:
		case v = <-chs[4]:
		case v = <-chs[5]:
		case v = <-chs[6]:
		case v = <-chs[7]:
		}
		sum += int64(v)
	}
	wg.Wait()
	check("select fan-in", checksum(fanInN), sum)
}

// selectCancel is SelectCancel.run: spsc with every operation in a select with a done channel.
func selectCancel(capacity int) {
	ch := make(chan int, capacity)
	done := make(chan struct{})
	go func() {
		for i := 0; i < cancelN; i++ {
			select {
			case ch <- token(i):
			case <-done:
				panic("cancelled")
			}
		}
	}()
	var sum int64
	for i := 0; i < cancelN; i++ {
		select {
		case v := <-ch:
			sum += int64(v)
		case <-done:
			panic("cancelled")
		}
	}
	check("select with cancel", checksum(cancelN), sum)
}

// timeAfterSelect is TimeAfterSelect.run (Go's BenchmarkSelectProdCons without the local work).
func timeAfterSelect(capacity int) {
	ch := make(chan int, capacity)
	closing := make(chan struct{})
	go func() {
		for i := 0; i < timeAfterN; i++ {
			select {
			case ch <- token(i):
			case <-time.After(time.Hour):
				panic("timer fired")
			case <-closing:
				panic("closed")
			}
		}
	}()
	var sum int64
	for i := 0; i < timeAfterN; i++ {
		select {
		case v := <-ch:
			sum += int64(v)
		case <-time.After(time.Hour):
			panic("timer fired")
		case <-closing:
			panic("closed")
		}
	}
	check("time.After select loop", checksum(timeAfterN), sum)
}

// blockedMemory is BlockedMemory.run: n goroutines blocked in a receive on one unbuffered
// channel; returns the heap and goroutine stacks in use with all of them blocked, minus before they
// started (each after a GC), per goroutine. From the second round on, the goroutines reuse the g
// structures of the previous round's (the runtime never frees them, so they are in use before as
// after: not counted) and start with the stack size that the runtime adapted to the previous
// round's goroutines (GODEBUG adaptivestackstart, on by default: 4 KB here, not 2 KB). The report
// says so beside the figure.
func blockedMemory(blockedN int) float64 {
	ch := make(chan int)
	var started, released sync.WaitGroup
	started.Add(blockedN)
	released.Add(blockedN)
	runtime.GC()
	before := inUse()
	for i := 0; i < blockedN; i++ {
		go func() {
			started.Done()
			if _, ok := <-ch; ok {
				panic("received a value")
			}
			released.Done()
		}()
	}
	started.Wait()
	deadline := time.Now().Add(time.Minute)
	for !goroutinesBlocked(blockedN) { // each has its stack already; wait until all are parked
		if time.Now().After(deadline) {
			panic("the goroutines did not block")
		}
		time.Sleep(time.Millisecond)
	}
	runtime.GC()
	after := inUse()
	close(ch)
	released.Wait()
	return float64(after-before) / float64(blockedN)
}

// goroutinesBlocked reports whether at least n goroutines wait in a channel receive.
func goroutinesBlocked(n int) bool {
	buf := make([]byte, n*512)
	for {
		k := runtime.Stack(buf, true)
		if k < len(buf) {
			return strings.Count(string(buf[:k]), "[chan receive]") >= n
		}
		buf = make([]byte, 2*len(buf))
	}
}

// inUse is the heap plus the goroutine stacks in use.
func inUse() int64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc) + int64(m.StackInuse)
}

// chanNonblocking is GoShapes.chanNonblocking.
func chanNonblocking() {
	c := make(chan int)
	misses := 0
	for i := 0; i < shapesN; i++ {
		select {
		case <-c:
		default:
			misses++
		}
	}
	check("nonblocking", shapesN, int64(misses))
}

// selectNonblock is GoShapes.selectNonblock.
func selectNonblock() {
	c1, c2 := make(chan int), make(chan int)
	c3, c4 := make(chan int, 1), make(chan int, 1)
	c4 <- 0
	misses := 0
	for i := 0; i < shapesN; i++ {
		select {
		case <-c1:
		default:
			misses++
		}
		select {
		case c2 <- 0:
		default:
			misses++
		}
		select {
		case <-c3:
		default:
			misses++
		}
		select {
		case c4 <- 0:
		default:
			misses++
		}
	}
	check("select nonblock", 4*shapesN, int64(misses))
}

// chanUncontended is GoShapes.chanUncontended: 100 sends then 100 receives on a private channel.
func chanUncontended() {
	const round = 100
	c := make(chan int, round)
	var sum int64
	for r := 0; r < shapesN/round; r++ {
		for i := 0; i < round; i++ {
			c <- token(r*round + i)
		}
		for i := 0; i < round; i++ {
			sum += int64(<-c)
		}
	}
	check("uncontended", checksum(shapesN), sum)
}

// chanCreation is GoShapes.chanCreation: make, send, receive.
func chanCreation() {
	var sum int64
	for i := 0; i < shapesN; i++ {
		c := make(chan int, 1)
		c <- token(i)
		sum += int64(<-c)
	}
	check("creation", checksum(shapesN), sum)
}

// waitGroup is SyncBench.waitGroup: 10^5 goroutines each call Done once; the driver waits.
func waitGroup() {
	var wg sync.WaitGroup
	wg.Add(syncN)
	for i := 0; i < syncN; i++ {
		go wg.Done()
	}
	wg.Wait()
}

// mutexContended is SyncBench.mutexContended: 4 goroutines share syncN increments.
func mutexContended() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	counter := 0
	const contenders = 4
	wg.Add(contenders)
	for t := 0; t < contenders; t++ {
		go func() {
			defer wg.Done()
			for i := 0; i < syncN/contenders; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	check("mutexContended", syncN, int64(counter))
}

// mutexUncontended is SyncBench.mutexUncontended: one goroutine, syncN lock/unlock pairs.
func mutexUncontended() {
	var mu sync.Mutex
	counter := 0
	for i := 0; i < syncN; i++ {
		mu.Lock()
		counter++
		mu.Unlock()
	}
	check("mutexUncontended", syncN, int64(counter))
}

// contextCreateCancel is ContextBench.createCancel: WithCancel(Background) then cancel.
func contextCreateCancel() {
	bg := context.Background()
	var sink [1024]context.Context // each context escapes, as in the Java twin
	done := 0
	for i := 0; i < contextN; i++ {
		c, cancel := context.WithCancel(bg)
		sink[i&1023] = c
		cancel()
		if c.Err() != nil {
			done++
		}
	}
	check("createCancel", contextN, int64(done))
}

// contextCancelTree is ContextBench.cancelTree: 10^5 contexts (fan-out 10), cancel the root.
func contextCancelTree() {
	root, cancelRoot := context.WithCancel(context.Background())
	all := make([]context.Context, 0, contextN)
	cancels := make([]context.CancelFunc, 0, contextN)
	all = append(all, root)
	for i := 0; len(all) < contextN; i++ {
		parent := all[i]
		for k := 0; k < 10 && len(all) < contextN; k++ {
			c, cancel := context.WithCancel(parent)
			all = append(all, c)
			cancels = append(cancels, cancel)
		}
	}
	cancelRoot()
	if all[len(all)-1].Err() == nil {
		panic("a descendant was not cancelled")
	}
	_ = cancels
}

type ctxKey int

var deepCtx = func() context.Context {
	c := context.Background()
	for i := 0; i < 10; i++ {
		c = context.WithValue(c, ctxKey(i), i)
	}
	return c
}()

// contextValueDepth10 is ContextBench.valueDepth10: the innermost layer's key, through 10 layers.
func contextValueDepth10() {
	sum := 0
	for i := 0; i < contextN; i++ {
		sum += deepCtx.Value(ctxKey(0)).(int)
	}
	check("valueDepth10", 0, int64(sum))
}

// The pipeline patterns (PatternsPipeline, PatternsMerge): the pipeline article's gen, sq and merge,
// each stage owning a buffered output (capacity 64, as go4j's Pipeline.create(ctx, 64)) and racing
// a done channel in every send, as the article writes them (receives range over the input).
const (
	patternsBuffer  = 64
	patternsWorkers = 4
	patternsInputs  = 8
)

// patternsExpected is the sum of 2*token(i)+1 over i < patternsN: what pipeline3 and fanOutFanIn
// must add up to; computed once, as the Java twins do.
var patternsExpected = 2*checksum(patternsN) + patternsN

// mergeExpected is what merge8 must add up to.
var mergeExpected = checksum(patternsN)

// genTokens is the source: token(i) for i < n, then close.
func genTokens(done <-chan struct{}, n int) <-chan int {
	out := make(chan int, patternsBuffer)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			select {
			case out <- token(i):
			case <-done:
				return
			}
		}
	}()
	return out
}

// mapStage is the article's sq with any function: f of each value of in, until in closes.
func mapStage(done <-chan struct{}, in <-chan int, f func(int) int) <-chan int {
	out := make(chan int, patternsBuffer)
	go func() {
		defer close(out)
		for v := range in {
			select {
			case out <- f(v):
			case <-done:
				return
			}
		}
	}()
	return out
}

// mergeInts is the article's merge: a goroutine per input, a WaitGroup and a closer.
func mergeInts(done <-chan struct{}, cs ...<-chan int) <-chan int {
	var wg sync.WaitGroup
	out := make(chan int, patternsBuffer)
	output := func(c <-chan int) {
		defer wg.Done()
		for v := range c {
			select {
			case out <- v:
			case <-done:
				return
			}
		}
	}
	wg.Add(len(cs))
	for _, c := range cs {
		go output(c)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

func doubled(x int) int { return 2 * x }
func plusOne(x int) int { return x + 1 }
func work(x int) int    { return 2*x + 1 }

// pipeline3 is PatternsPipeline.pipeline3: gen -> map 2x -> map x+1 -> the driver.
func pipeline3() {
	done := make(chan struct{})
	defer close(done)
	out := mapStage(done, mapStage(done, genTokens(done, patternsN), doubled), plusOne)
	var sum int64
	for v := range out {
		sum += int64(v)
	}
	check("pipeline3", patternsExpected, sum)
}

// fanOutFanIn is PatternsPipeline.fanOutFanIn: gen -> 4 workers (2x+1) -> merge -> the driver.
func fanOutFanIn() {
	done := make(chan struct{})
	defer close(done)
	src := genTokens(done, patternsN)
	workers := make([]<-chan int, patternsWorkers)
	for w := range workers {
		workers[w] = mapStage(done, src, work)
	}
	var sum int64
	for v := range mergeInts(done, workers...) {
		sum += int64(v)
	}
	check("fanOutFanIn", patternsExpected, sum)
}

// merge8 is PatternsMerge.merge8: 8 producers, each on its own channel (capacity 64), merged.
func merge8() {
	done := make(chan struct{})
	defer close(done)
	per := patternsN / patternsInputs
	cs := make([]<-chan int, patternsInputs)
	for k := range cs {
		ch := make(chan int, patternsBuffer)
		cs[k] = ch
		from := k * per
		go func() {
			defer close(ch)
			for i := from; i < from+per; i++ {
				ch <- token(i)
			}
		}()
	}
	var sum int64
	for v := range mergeInts(done, cs...) {
		sum += int64(v)
	}
	check("merge8", mergeExpected, sum)
}

// The TTL cache hit path (CoordTtlCache.hit): Go has no cache type, so the twin is the idiom
// go4j's TtlCache documents: a sync.Map of entries holding an expiry time, read with Load and
// time.Now().Before(expires). ttlKeys keys, loaded once with a TTL of an hour, read round robin;
// the keys are boxed once (as the Java twin's Integer keys), so a hit allocates only if Load does.
const (
	ttlN    = 100_000
	ttlKeys = 1024
)

type ttlEntry struct {
	value   int
	expires time.Time
}

var ttlMap, ttlKeyList = func() (*sync.Map, []any) {
	m := &sync.Map{}
	keys := make([]any, ttlKeys)
	expires := time.Now().Add(time.Hour)
	for k := 0; k < ttlKeys; k++ {
		keys[k] = 1000 + k
		m.Store(keys[k], &ttlEntry{value: token(k), expires: expires})
	}
	return m, keys
}()

// ttlExpected is the sum of the values of reads 0..ttlN-1 (key i&1023 holds token(i&1023)).
var ttlExpected = func() int64 {
	var s int64
	for i := 0; i < ttlN; i++ {
		s += int64(token(i & (ttlKeys - 1)))
	}
	return s
}()

// ttlCacheHit is CoordTtlCache.hit: ttlN reads, every one a hit.
func ttlCacheHit() {
	var sum int64
	for i := 0; i < ttlN; i++ {
		v, ok := ttlMap.Load(ttlKeyList[i&(ttlKeys-1)])
		if !ok {
			panic("miss")
		}
		e := v.(*ttlEntry)
		if !time.Now().Before(e.expires) {
			panic("expired")
		}
		sum += int64(e.value)
	}
	check("ttl cache hit", ttlExpected, sum)
}
