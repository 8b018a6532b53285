package io.github.go4j.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.chan.Channel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A lock-free receiver that took the sender out of the slot (its CAS Waiter -> thread) and is
 * preempted before takeSender's markOutcome; close() swaps the thread out, so the sender sees
 * "sent" and goes on to a later, unrelated wait; then the receiver runs takeSender, whose
 * markOutcome claims that later wait (registry on). The test replays receiveUnbuffered's take step
 * by step (the CAS, then takeSender, then wake), with the preemption between the two.
 */
class SendSlotStaleOutcomeTest {
  @Test
  void aPreemptedTakerMustNotClaimTheSendersNextWait() throws Throwable {
    assumeTrue(
        Boolean.getBoolean("go4j.registry"), "runs with the registry on (registry-on execution)");
    Channel<String> c = Channel.make();
    Channel<String> other = Channel.make();
    Class<?> uc = Class.forName("io.github.go4j.internal.UnbufferedChan");
    Class<?> waiterClass = Class.forName("io.github.go4j.internal.Waiter");
    assertThat(uc.isInstance(c)).isTrue();
    // The slot lives in the channel's slot block (UnbufferedChan.block, no move in this test).
    Class<?> fields = Class.forName("io.github.go4j.internal.UnbufferedChan$SlotBlockFields");
    VarHandle blockField =
        MethodHandles.privateLookupIn(uc, MethodHandles.lookup())
            .findVarHandle(
                uc, "block", Class.forName("io.github.go4j.internal.UnbufferedChan$SlotBlock"));
    VarHandle sendSlot =
        MethodHandles.privateLookupIn(fields, MethodHandles.lookup())
            .findVarHandle(fields, "slot", Object.class);
    Method takeSender = uc.getDeclaredMethod("takeSender", waiterClass, boolean.class);
    takeSender.setAccessible(true);
    Method wake = waiterClass.getMethod("wake");

    CompletableFuture<String> laterReceive = new CompletableFuture<>();
    Thread sender =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    c.send("v"); // waits in the slot
                    laterReceive.complete(other.receive()); // an unrelated later wait
                  } catch (Throwable e) {
                    laterReceive.completeExceptionally(e);
                  }
                });

    // The sender stands in the slot (of the block its publication made).
    Object block;
    Object w;
    while (!waiterClass.isInstance(w = sendSlot.getVolatile(block = blockField.getVolatile(c)))) {
      Thread.onSpinWait();
    }
    // receiveUnbuffered: SEND_SLOT.compareAndSet(this, sw, sw.thread) ... (preempted here)
    assertThat(sendSlot.compareAndSet(block, w, sender))
        .isTrue(); // sw.thread is the sender's thread

    // close() swaps the taker's thread out: the sender sees "sent" and goes on to other.receive().
    // (On a fixed engine close() waits for the take to finish: it runs on a thread of its own.)
    Thread closer = Thread.ofPlatform().start(c::close);
    // If the sender had parked already (its spin over), close() does not wake it (it swapped out a
    // thread, not a Waiter): a spurious wake-up (which park allows, and go4j's stale wakes cause)
    // or a sender still spinning sees the closed slot now. Either way it polls and finds "sent".
    java.util.concurrent.locks.LockSupport.unpark(sender);
    // On this engine the sender reaches other.receive() at once; a fixed one keeps it in its send
    // (bounded, so that the fixed engine's test ends).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (!(sender.getState() == Thread.State.WAITING && queued(other) == 1)
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }

    // ... the taker resumes: takeSender(sw), then sw.wake().
    Object v = takeSender.invoke(c, w, false);
    wake.invoke(w);
    assertThat(v).isEqualTo("v");
    closer.join();

    // The later receive has no sender yet: it must still wait, and take the next send.
    assertThat(laterReceive.isDone())
        .as("the later receive completed without a sender: %s", laterReceive)
        .isFalse();
    other.send("x");
    assertThat(laterReceive.get(10, TimeUnit.SECONDS)).isEqualTo("x");
    sender.join();
  }

  private static int queued(Channel<String> ch) {
    return io.github.go4j.GoTesting.queuedReceivers(ch);
  }
}
