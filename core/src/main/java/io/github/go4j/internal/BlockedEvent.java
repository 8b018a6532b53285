package io.github.go4j.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * JFR event {@code io.github.go4j.Blocked}: a go4j wait (channel send or receive, select, Mutex,
 * RWMutex, WaitGroup, Cond, Semaphore, Barrier) that parked for longer than the threshold (20 ms by
 * default; a recording's settings may change it). Its duration, wait reason, primitive and stack
 * trace make a JFR recording a block profile, Go's {@code pprof} block profile.
 *
 * <p>A wait that is claimed while it spins never parks and never emits one.
 */
@Name("io.github.go4j.Blocked")
@Label("go4j Blocked")
@Category({"go4j"})
@Description("A goroutine parked in a go4j channel, select or sync wait")
@StackTrace(true)
@Threshold("20 ms")
final class BlockedEvent extends jdk.jfr.Event {
  /** Go's wait reason, as a goroutine dump prints it ("chan receive", "sync.Mutex.Lock"...). */
  @Label("Wait Reason")
  String reason;

  /** The channel or primitive, with its identity hash: {@code chan(cap=0)@1b6d3586}. */
  @Label("Primitive")
  String primitive;

  /** The class of the channel or primitive. */
  @Label("Primitive Class")
  Class<?> primitiveClass;
}
