package io.github.go4j.internal;

/**
 * Why a goroutine is blocked in go4j: Go's {@code waitReason}, with the same strings as Go's
 * goroutine dumps. Passed by each blocking operation to {@link Waiter#await(boolean, WaitReason,
 * Object)}; stored nowhere unless the goroutine registry is on or a JFR recording wants the wait.
 */
public enum WaitReason {
  /** A receive on a channel. */
  CHAN_RECEIVE("chan receive"),
  /** A send on a channel. */
  CHAN_SEND("chan send"),
  /** A select with at least one non-nil case. */
  SELECT("select"),
  /** {@code select {}}, or a select whose cases are all on nil channels. */
  SELECT_NO_CASES("select (no cases)"),
  /** A receive on a nil channel. */
  CHAN_RECEIVE_NIL("chan receive (nil chan)"),
  /** A send on a nil channel. */
  CHAN_SEND_NIL("chan send (nil chan)"),
  /** {@code Mutex.lock} (also RWMutex.lock waiting for another writer, as in Go). */
  MUTEX_LOCK("sync.Mutex.Lock"),
  /** {@code RWMutex.rLock} waiting for a writer. */
  RWMUTEX_RLOCK("sync.RWMutex.RLock"),
  /** {@code RWMutex.lock} waiting for the readers to leave. */
  RWMUTEX_LOCK("sync.RWMutex.Lock"),
  /** {@code WaitGroup.await}. */
  WAITGROUP_WAIT("sync.WaitGroup.Wait"),
  /** {@code Cond.await}. */
  COND_WAIT("sync.Cond.Wait"),
  /** {@code Semaphore.acquire} (Go's semaphore package parks in a select; the runtime's name). */
  SEMACQUIRE("semacquire"),
  /** {@code Barrier.await} (no Go counterpart). */
  BARRIER_WAIT("sync.Barrier.Await"),
  /** A go4j wait whose caller did not say why. */
  UNKNOWN("go4j wait"),
  /**
   * {@code Time.sleep} or {@code Thread.sleep}: recognised from the stack, never passed to await.
   */
  SLEEP("sleep");

  private final String text;

  WaitReason(String text) {
    this.text = text;
  }

  /**
   * Go's text for this reason, as a goroutine dump prints it.
   *
   * @return the text
   */
  public String text() {
    return text;
  }
}
