package io.github.go4j.debug;

import static io.github.go4j.debug.Blocking.awaitState;
import static io.github.go4j.debug.Blocking.go;
import static io.github.go4j.debug.Blocking.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.Go;
import io.github.go4j.GoTesting;
import io.github.go4j.Goroutines;
import io.github.go4j.GoroutinesMXBean;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.sync.Cond;
import io.github.go4j.sync.Mutex;
import io.github.go4j.sync.RWMutex;
import io.github.go4j.sync.Semaphore;
import io.github.go4j.sync.WaitGroup;
import io.github.go4j.time.Time;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The goroutine registry and its dump (runs with {@code -Dgo4j.registry=true}). */
class GoroutineDumpTest {
  @BeforeEach
  void registryOn() {
    assumeTrue(Goroutines.enabled(), "runs in the registry-on execution");
    Goroutines.setDeadlockHandler(report -> {}); // the goroutines here block on purpose
  }

  @AfterEach
  void defaultHandler() {
    Goroutines.setDeadlockHandler(null);
  }

  @Test
  void theDumpNamesEachGoroutinesWaitReason() throws Exception {
    Channel<String> unbuffered = Channel.make();
    Channel<String> full = Channel.make(1);
    full.send("x");
    Channel<String> never = Channel.make();
    Mutex mu = new Mutex();
    mu.lock();
    RWMutex writerHeld = new RWMutex();
    writerHeld.lock();
    RWMutex readerHeld = new RWMutex();
    readerHeld.rLock();
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    Mutex condLock = new Mutex();
    Cond cond = new Cond(condLock);
    Semaphore sem = new Semaphore(1);
    sem.acquire(1);

    Map<String, Thread> byState = new LinkedHashMap<>();
    byState.put("chan receive", go(unbuffered::receive));
    byState.put("chan send", go(() -> full.send("y")));
    byState.put(
        "select", go(() -> Select.select(never.onReceive(v -> v), unbuffered.onReceive(v -> v))));
    byState.put("select (no cases)", go(() -> Select.<Object>select()));
    byState.put("chan receive (nil chan)", go(() -> Channel.<String>nil().receive()));
    byState.put("chan send (nil chan)", go(() -> Channel.<String>nil().send("z")));
    byState.put("sync.Mutex.Lock", go(() -> lockUnlock(mu)));
    byState.put("sync.RWMutex.RLock", go(() -> rLockUnlock(writerHeld)));
    byState.put("sync.RWMutex.Lock", go(() -> lockUnlock(readerHeld)));
    byState.put("sync.WaitGroup.Wait", go(wg::await));
    byState.put(
        "sync.Cond.Wait",
        go(
            () -> {
              condLock.lock();
              try {
                cond.await();
              } finally {
                condLock.unlock();
              }
            }));
    byState.put("semacquire", go(() -> sem.acquire(1)));
    byState.put("sleep", go(() -> Time.sleep(Duration.ofMinutes(10))));
    Thread[] all = byState.values().toArray(Thread[]::new);
    try {
      byState.forEach((state, t) -> awaitState(t, state));

      String dump = Goroutines.dump();
      byState.forEach(
          (state, t) ->
              assertThat(dump).contains("goroutine " + t.threadId() + " [" + state + "]:"));
      assertThat(info(byState.get("chan receive")).waitReason()).isEqualTo("chan receive");
      assertThat(info(byState.get("sleep")).waitReason()).as("not a go4j wait").isNull();
      assertThat(info(byState.get("chan receive")).dump())
          .contains("\nwaiting on chan(cap=0)@")
          .contains("\nio.github.go4j.internal.Chan.receive(")
          .doesNotContain("io.github.go4j.Go.")
          .doesNotContain("java.base/")
          .contains("\ncreated by io.github.go4j.debug.Blocking.go(");
      assertThat(info(byState.get("sync.Mutex.Lock")).dump()).contains("\nwaiting on Mutex@");
      assertThat(info(byState.get("sync.WaitGroup.Wait")).dump())
          .contains("\nwaiting on WaitGroup@");
      assertThat(dump.split("\n\n")).as("a blank line between goroutines").hasSize(all.length);
    } finally {
      unbuffered.close();
      never.close();
      full.receive();
      mu.unlock();
      writerHeld.unlock();
      readerHeld.rUnlock();
      wg.done();
      cond.broadcast();
      sem.release(1);
      Blocking.stop(all); // the nil channels, select {} and the sleep end only so
    }
  }

  private static void lockUnlock(Object m) {
    if (m instanceof Mutex mu) {
      mu.lock();
      mu.unlock();
    } else {
      RWMutex rw = (RWMutex) m;
      rw.lock();
      rw.unlock();
    }
  }

  private static void rLockUnlock(RWMutex rw) {
    rw.rLock();
    rw.rUnlock();
  }

  @Test
  void theDumpShowsWhereAndByWhichGoroutineEachWasCreated() throws Exception {
    Channel<Thread> children = Channel.make(1);
    Channel<String> release = Channel.make();
    Thread parent = Go.go(() -> children.send(Go.go(release::receive)));
    Thread child = children.receive();
    try {
      assertThat(info(child).createdBy().getClassName()).isEqualTo(getClass().getName());
      awaitState(child, "chan receive");
      assertThat(info(child).dump())
          .containsPattern(
              "\ncreated by io\\.github\\.go4j\\.debug\\.GoroutineDumpTest\\.lambda\\$.*"
                  + "\\(GoroutineDumpTest\\.java:\\d+\\) in goroutine "
                  + parent.threadId()
                  + "\n$");
    } finally {
      release.close();
      Blocking.join(parent, child);
    }
  }

  @Test
  void aFinishedGoroutineLeavesTheRegistry() throws InterruptedException {
    Thread g = Go.go(() -> {});
    g.join();
    GoTesting.awaitTrue(
        "the finished goroutine is unregistered",
        () -> Goroutines.list().stream().noneMatch(i -> i.thread() == g));
    assertThat(Goroutines.dump()).doesNotContain("goroutine " + g.threadId() + " [");
  }

  @Test
  void theMBeanDumpsTheGoroutines() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = new ObjectName(GoroutinesMXBean.OBJECT_NAME);
    GoTesting.awaitTrue("the MBean is registered", () -> server.isRegistered(name));
    Channel<String> release = Channel.make();
    Thread g = go(release::receive);
    try {
      awaitState(g, "chan receive");
      assertThat((String) server.invoke(name, "dump", new Object[0], new String[0]))
          .contains("goroutine " + g.threadId() + " [chan receive]:");
      assertThat((Integer) server.getAttribute(name, "GoroutineCount")).isPositive();
    } finally {
      release.close();
      Blocking.join(g);
    }
  }
}
