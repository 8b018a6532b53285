#!/usr/bin/env bash
# Memory per goroutine parked in a receive, from class histograms (jcmd GC.class_histogram): the
# stack chunk (the parked frames) and go4j's wait record, per goroutine, one line per run, then the
# median of chunk + record. The chunk's size depends on how C2 compiled the parked path, which
# differs from run to run: compare medians of several runs, interleaved (see ADR 0004, memory).
#
#   tools/memprobe/run.sh [RUNS [go4j|park [CLASSES]]]
#   tools/memprobe/run.sh 10                       # go4j-core as built in core/target/classes
#   tools/memprobe/run.sh 10 go4j /tmp/v1/classes  # another revision's classes
#
# Needs a JDK 21+ ($GO4J_JAVA_HOME, else $JAVA_HOME if 21+, else the newest under /usr/lib/jvm).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
runs=${1:-5}
impl=${2:-go4j}
classes=${3:-$repo/core/target/classes}
# shellcheck source=../jdk21.sh
source "$here/../jdk21.sh"
[[ -d $classes/io/github/go4j ]] || { echo "run.sh: no go4j classes in $classes (mvn -pl core compile)" >&2; exit 1; }
out=$here/target
mkdir -p "$out/classes"
"$jdk/bin/javac" -d "$out/classes" -cp "$classes" "$here/MemProbe.java"
n=100000
for r in $(seq 1 "$runs"); do
  log=$out/run.log
  "$jdk/bin/java" -cp "$out/classes:$classes" MemProbe $n "$impl" 8000 100 > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do grep -q '^parked' "$log" && break; sleep 0.5; done
  grep -q '^parked' "$log" || { echo "run.sh: the probe did not park its threads" >&2; cat "$log" >&2; kill $pid; exit 1; }
  "$jdk/bin/jcmd" $pid GC.class_histogram > "$out/histogram.txt"
  wait $pid
  awk -v n=$n -v r=$r '
    $4 == "jdk.internal.vm.StackChunk" { chunk = $3 / n }
    $4 == "io.github.go4j.internal.Waiter" || $4 == "io.github.go4j.internal.Node" { rec += $3 / n }
    END { printf "run %d: stack chunk %.1f, record %.1f, together %.1f bytes per goroutine\n", r, chunk, rec, chunk + rec }
  ' "$out/histogram.txt"
done | tee "$out/runs.txt"
awk '{ for (i = 1; i <= NF; i++) if ($i == "together") print $(i+1) }' "$out/runs.txt" | sort -n |
  awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "median of %d runs: %.1f bytes per goroutine (stack chunk + record)\n", NR, m }'
