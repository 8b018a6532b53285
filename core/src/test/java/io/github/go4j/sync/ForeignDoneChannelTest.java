package io.github.go4j.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.chan.ReceiveChannel;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * A wait with a done channel that go4j did not make ({@code ReceiveChannel} is an interface anyone
 * may implement) fails with IllegalArgumentException before the primitive registers anything: the
 * wait used to be queued first, so a later release granted tokens to a goroutine that had left
 * (Semaphore), or a signal went to it instead of a real waiter (Cond).
 */
class ForeignDoneChannelTest {
  /** A ReceiveChannel of someone else's: every call fails. */
  @SuppressWarnings("unchecked")
  private static final ReceiveChannel<Object> FOREIGN =
      (ReceiveChannel<Object>)
          Proxy.newProxyInstance(
              ForeignDoneChannelTest.class.getClassLoader(),
              new Class<?>[] {ReceiveChannel.class},
              (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
              });

  private static void assertRejected(ThrowingCall call) {
    assertThatThrownBy(call::run)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("done channel is not a go4j channel");
  }

  private interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void semaphoreAcquireLeavesNoWaiterBehind() {
    Semaphore sem = new Semaphore(1);
    assertThat(sem.tryAcquire(1)).isTrue();
    assertRejected(() -> sem.acquire(1, FOREIGN));
    assertThat(sem.queued()).isZero();
    sem.release(1);
    assertThat(sem.inUse()).as("the token went to nobody").isZero();
    assertThat(sem.tryAcquire(1)).isTrue();
  }

  @Test
  void waitGroupAwaitLeavesNoWaiterBehind() {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    assertRejected(() -> wg.await(FOREIGN));
    assertThat(wg.waiters()).isZero();
    wg.done();
    assertThat(wg.counter()).isZero();
  }

  @Test
  void condAwaitLeavesNoWaiterBehindAndKeepsTheLock() {
    Mutex m = new Mutex();
    Cond c = new Cond(m);
    m.lock();
    assertRejected(() -> c.await(FOREIGN));
    assertThat(c.waiters()).isZero();
    assertThat(m.state()).as("still held by the caller").isEqualTo(Mutex.LOCKED);
    m.unlock();
  }

  @Test
  void barrierAwaitLeavesNoArrivalBehind() {
    Barrier b = new Barrier(2);
    assertRejected(() -> b.await(FOREIGN));
    assertThat(b.waiting()).isZero();
    assertThat(b.isBroken()).isFalse();
  }
}
