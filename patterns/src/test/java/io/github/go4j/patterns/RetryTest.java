package io.github.go4j.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Retry}: one behaviour per test. The timer is a fake that records each requested delay and
 * either fires at once or never; attempts that must overlap are held on channels.
 */
class RetryTest {
  private int baseline;

  @BeforeEach
  void recordGoroutines() {
    baseline = Leaks.baseline();
  }

  @AfterEach
  void noGoroutineLeft() {
    Leaks.assertNoGoroutineLeft(baseline);
  }

  /** A fake timer: records the delays asked for; fires at once, or never. */
  static final class FakeSleeper implements Retry.Sleeper {
    final Channel<Duration> requests = Channel.make(1_000);
    private final boolean fires;

    FakeSleeper(boolean fires) {
      this.fires = fires;
    }

    @Override
    public ReceiveChannel<?> after(Duration delay) {
      requests.trySend(delay);
      Channel<Unit> c = Channel.make(1);
      if (fires) {
        c.trySend(Unit.VALUE);
      }
      return c;
    }

    List<Duration> delays() {
      List<Duration> out = new ArrayList<>();
      for (Duration d; (d = requests.poll()) != null; ) {
        out.add(d);
      }
      return out;
    }
  }

  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }

  private final FakeSleeper firing = new FakeSleeper(true);

  private Retry.Builder noJitter() {
    return Retry.builder()
        .initialBackoff(ms(100))
        .maxBackoff(ms(1_000))
        .multiplier(2)
        .jitter(0)
        .sleeper(firing);
  }

  @Test
  void aFirstSuccessReturnsWithoutWaiting() throws Exception {
    Retry r = noJitter().build();
    assertThat(r.<String>call(Context.background(), ctx -> "ok")).isEqualTo("ok");
    assertThat(firing.delays()).isEmpty();
  }

  @Test
  void theTaskGetsTheContext() throws Exception {
    Retry r = noJitter().build();
    Context ctx = Context.background();
    assertThat(r.<Context>call(ctx, c -> c)).isSameAs(ctx);
  }

  @Test
  void retriesUntilAnAttemptSucceeds() throws Exception {
    Retry r = noJitter().maxAttempts(5).build();
    AtomicInteger attempts = new AtomicInteger();
    String v =
        r.call(
            Context.background(),
            ctx -> {
              if (attempts.incrementAndGet() < 3) {
                throw new IOException("flaky");
              }
              return "ok";
            });
    assertThat(v).isEqualTo("ok");
    assertThat(attempts).hasValue(3);
    assertThat(firing.delays()).containsExactly(ms(100), ms(200));
  }

  @Test
  void backoffGrowsExponentiallyUpToTheMaximum() throws Exception {
    Retry r = noJitter().maxAttempts(7).build();
    assertThatThrownBy(() -> r.call(Context.background(), RetryTest::fail))
        .isInstanceOf(RetryException.class);
    assertThat(firing.delays())
        .containsExactly(ms(100), ms(200), ms(400), ms(800), ms(1_000), ms(1_000));
  }

  @Test
  void exhaustedAttemptsThrowTheLastFailureWithTheEarlierOnesSuppressed() {
    Retry r = noJitter().maxAttempts(3).build();
    List<Exception> thrown = new ArrayList<>();
    Throwable e =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                r.call(
                    Context.background(),
                    ctx -> {
                      Exception x = new IOException("attempt " + (thrown.size() + 1));
                      thrown.add(x);
                      throw x;
                    }));
    assertThat(e).isInstanceOf(RetryException.class).hasMessage("all 3 attempts failed");
    assertThat(((RetryException) e).attempts()).isEqualTo(3);
    assertThat(e.getCause()).isSameAs(thrown.get(2));
    assertThat(e.getSuppressed()).containsExactly(thrown.get(0), thrown.get(1));
  }

  @Test
  void jitteredDelaysStayWithinTheirBoundsAndFollowTheSeed() throws Exception {
    double jitter = 0.5;
    Retry r =
        Retry.builder()
            .initialBackoff(ms(100))
            .maxBackoff(ms(1_600))
            .multiplier(2)
            .jitter(jitter)
            .random(new Random(7))
            .maxAttempts(20)
            .sleeper(firing)
            .build();
    assertThatThrownBy(() -> r.call(Context.background(), RetryTest::fail))
        .isInstanceOf(RetryException.class);
    List<Duration> delays = firing.delays();
    assertThat(delays).hasSize(19);
    Random same = new Random(7);
    for (int n = 1; n <= 19; n++) {
      long base = Math.min(1_600_000_000L, 100_000_000L << Math.min(n - 1, 20));
      long d = delays.get(n - 1).toNanos();
      assertThat(d).isBetween((long) (base * (1 - jitter)), (long) (base * (1 + jitter)));
      assertThat(d).isEqualTo((long) (base * (1 - jitter + 2 * jitter * same.nextDouble())));
    }
    assertThat(delays).as("jitter varies the delays").doesNotHaveDuplicates();
  }

  @Test
  void aFailureTheRetryOnPredicateRejectsEndsAtOnce() {
    Retry r = noJitter().maxAttempts(5).retryOn(e -> e instanceof IOException).build();
    IllegalStateException bug = new IllegalStateException("bug");
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(
            () ->
                r.call(
                    Context.background(),
                    ctx -> {
                      attempts.incrementAndGet();
                      throw bug;
                    }))
        .isInstanceOf(RetryException.class)
        .hasMessage("attempt 1 failed with a non-retryable error")
        .hasCause(bug);
    assertThat(attempts).hasValue(1);
    assertThat(firing.delays()).isEmpty();
  }

  @Test
  void theRetryOnPredicateSeesEachFailure() throws Exception {
    List<Throwable> seen = new ArrayList<>();
    Retry r =
        noJitter()
            .maxAttempts(5)
            .retryOn(
                e -> {
                  seen.add(e);
                  return e instanceof IOException;
                })
            .build();
    AtomicInteger attempts = new AtomicInteger();
    assertThat(
            r.<String>call(
                Context.background(),
                ctx -> {
                  if (attempts.incrementAndGet() < 3) {
                    throw new IOException("transient " + attempts.get());
                  }
                  return "ok";
                }))
        .isEqualTo("ok");
    assertThat(seen)
        .extracting(Throwable::getMessage)
        .containsExactly("transient 1", "transient 2");
  }

  @Test
  void byDefaultErrorsAreNotRetried() {
    Retry r = noJitter().maxAttempts(5).build();
    AssertionError err = new AssertionError("broken");
    assertThatThrownBy(
            () ->
                r.call(
                    Context.background(),
                    ctx -> {
                      throw err;
                    }))
        .isInstanceOf(RetryException.class)
        .hasCause(err);
    assertThat(firing.delays()).isEmpty();
  }

  @Test
  void cancellationWhileWaitingStopsTheRetry() throws Exception {
    FakeSleeper never = new FakeSleeper(false);
    Retry r = noJitter().sleeper(never).maxAttempts(5).build();
    AtomicInteger attempts = new AtomicInteger();
    CancelableContext ctx = Context.withCancel(Context.background());
    SingleFlightTestSupport.Callers<Throwable> caller = new SingleFlightTestSupport.Callers<>(1);
    caller.start(
        () -> {
          try {
            r.call(
                ctx,
                c -> {
                  attempts.incrementAndGet();
                  throw new IOException("down");
                });
            return null;
          } catch (RuntimeException e) {
            return e;
          }
        });
    assertThat(never.requests.receive()).as("waiting before attempt 2").isEqualTo(ms(100));
    ctx.cancel();
    assertThat(caller.results()).containsExactly(Context.CANCELED);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void aContextDoneBeforeTheFirstAttemptRunsNothing() {
    Retry r = noJitter().build();
    CancelableContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> r.call(ctx, c -> attempts.incrementAndGet()))
        .isSameAs(Context.CANCELED);
    assertThat(attempts).hasValue(0);
  }

  @Test
  void realTimersWaitBetweenAttempts() throws Exception {
    Retry r = Retry.builder().initialBackoff(ms(1)).maxBackoff(ms(2)).maxAttempts(3).build();
    AtomicInteger attempts = new AtomicInteger();
    assertThat(
            r.<Integer>call(
                Context.background(),
                ctx -> {
                  if (attempts.incrementAndGet() < 3) {
                    throw new IOException("again");
                  }
                  return attempts.get();
                }))
        .isEqualTo(3);
  }

  @Test
  void callersWithTheSameKeyShareOneSequence() throws Exception {
    Retry r = noJitter().maxAttempts(3).build();
    Channel<Unit> entered = Channel.make(1);
    Channel<Unit> release = Channel.make();
    AtomicInteger attempts = new AtomicInteger();
    SingleFlightTestSupport.Callers<String> callers = new SingleFlightTestSupport.Callers<>(10);
    for (int i = 0; i < 10; i++) {
      callers.start(
          () ->
              r.call(
                  Context.background(),
                  "order-17",
                  ctx -> {
                    if (attempts.incrementAndGet() == 1) {
                      entered.send(Unit.VALUE);
                      release.receive();
                      throw new IOException("first attempt fails");
                    }
                    return "done";
                  }));
      if (i == 0) {
        entered.receive();
      }
    }
    Eventually.await("9 callers joined", () -> r.sequences.duplicates("order-17") == 9);
    release.close();
    assertThat(callers.results()).hasSize(10).containsOnly("done");
    assertThat(attempts).as("one sequence: two attempts in all").hasValue(2);
    assertThat(firing.delays()).containsExactly(ms(100));
  }

  @Test
  void sharersOfAnExhaustedSequenceEachGetTheirOwnException() throws Exception {
    Retry r = noJitter().maxAttempts(2).build();
    Channel<Unit> entered = Channel.make(1);
    Channel<Unit> release = Channel.make();
    IOException last = new IOException("last");
    AtomicInteger attempts = new AtomicInteger();
    SingleFlightTestSupport.Callers<Throwable> callers = new SingleFlightTestSupport.Callers<>(2);
    for (int i = 0; i < 2; i++) {
      callers.start(
          () -> {
            try {
              r.call(
                  Context.background(),
                  "k",
                  ctx -> {
                    if (attempts.incrementAndGet() == 1) {
                      entered.send(Unit.VALUE);
                      release.receive();
                      throw new IOException("first");
                    }
                    throw last;
                  });
              return null;
            } catch (RetryException e) {
              return e;
            }
          });
      if (i == 0) {
        entered.receive();
      }
    }
    Eventually.await("the second caller joined", () -> r.sequences.duplicates("k") == 1);
    release.close();
    List<Throwable> results = callers.results();
    assertThat(results.get(0)).isNotSameAs(results.get(1));
    for (Throwable e : results) {
      assertThat(e).isInstanceOf(RetryException.class).hasCause(last);
      assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("first");
    }
  }

  @Test
  void aSharerWhoseContextEndsLeavesTheSequenceToTheOthers() throws Exception {
    Retry r = noJitter().build();
    Channel<Unit> entered = Channel.make(1);
    Channel<Unit> release = Channel.make();
    SingleFlightTestSupport.Callers<String> starter = new SingleFlightTestSupport.Callers<>(1);
    starter.start(
        () ->
            r.call(
                Context.background(),
                "k",
                ctx -> {
                  entered.send(Unit.VALUE);
                  release.receive();
                  return "done";
                }));
    entered.receive();
    CancelableContext mine = Context.withCancel(Context.background());
    SingleFlightTestSupport.Callers<Object> sharer = new SingleFlightTestSupport.Callers<>(1);
    sharer.start(
        () -> {
          try {
            return r.call(mine, "k", ctx -> "never");
          } catch (RuntimeException e) {
            return e;
          }
        });
    Eventually.await("the sharer joined", () -> r.sequences.duplicates("k") == 1);
    mine.cancel();
    assertThat(sharer.results()).containsExactly(Context.CANCELED);
    release.close();
    assertThat(starter.results()).containsExactly("done");
  }

  @Test
  void whenTheStartersContextEndsTheSequenceALiveSharerStartsItsOwn() throws Exception {
    FakeSleeper never = new FakeSleeper(false);
    Retry r = noJitter().sleeper(never).build();
    Channel<Unit> entered = Channel.make(1);
    Channel<Unit> release = Channel.make();
    CancelableContext startersCtx = Context.withCancel(Context.background());
    SingleFlightTestSupport.Callers<Object> starter = new SingleFlightTestSupport.Callers<>(1);
    starter.start(
        () -> {
          try {
            return r.call(
                startersCtx,
                "k",
                ctx -> {
                  entered.send(Unit.VALUE);
                  release.receive();
                  throw new IOException("first attempt fails");
                });
          } catch (RuntimeException e) {
            return e;
          }
        });
    entered.receive();
    SingleFlightTestSupport.Callers<String> sharer = new SingleFlightTestSupport.Callers<>(1);
    sharer.start(() -> r.call(Context.background(), "k", ctx -> "the sharer's own"));
    Eventually.await("the sharer joined", () -> r.sequences.duplicates("k") == 1);
    startersCtx.cancel();
    assertThat(starter.results()).containsExactly(Context.CANCELED);
    release.close(); // attempt 1 fails; the wait for attempt 2 sees the starter's context done
    assertThat(sharer.results()).containsExactly("the sharer's own");
  }

  /**
   * The starter's cancellation ends the sequence through a failed attempt that the retry-on
   * predicate rejects, or through the last attempt: both used to end it with a RetryException,
   * which a sharer whose context is live rethrew (found in review). A failure with the context done
   * is ctx.err() now, so the sharer starts its own sequence.
   */
  @Test
  void aLiveSharerStartsItsOwnWhenTheStartersCancellationFailsANonRetryableAttempt()
      throws Exception {
    assertALiveSharerStartsItsOwn(noJitter().retryOn(e -> e instanceof IOException).build());
  }

  @Test
  void aLiveSharerStartsItsOwnWhenTheStartersCancellationFailsTheLastAttempt() throws Exception {
    assertALiveSharerStartsItsOwn(noJitter().maxAttempts(1).build());
  }

  /** The starter's task watches its context and answers its cancellation with ctx.err(). */
  private static void assertALiveSharerStartsItsOwn(Retry r) throws Exception {
    Channel<Unit> entered = Channel.make(1);
    CancelableContext startersCtx = Context.withCancel(Context.background());
    SingleFlightTestSupport.Callers<Object> starter = new SingleFlightTestSupport.Callers<>(1);
    starter.start(
        () -> {
          try {
            return r.call(
                startersCtx,
                "k",
                ctx -> {
                  entered.send(Unit.VALUE);
                  ctx.done().receive();
                  ctx.throwIfDone(); // Go's return ctx.Err()
                  return "unreachable";
                });
          } catch (RuntimeException e) {
            return e;
          }
        });
    entered.receive();
    SingleFlightTestSupport.Callers<Object> sharer = new SingleFlightTestSupport.Callers<>(1);
    sharer.start(
        () -> {
          try {
            return r.call(Context.background(), "k", ctx -> "the sharer's own");
          } catch (RuntimeException e) {
            return e;
          }
        });
    Eventually.await("the sharer joined", () -> r.sequences.duplicates("k") == 1);
    startersCtx.cancel();
    assertThat(starter.results()).containsExactly(Context.CANCELED);
    assertThat(sharer.results()).containsExactly("the sharer's own");
  }

  /**
   * Unkeyed: an attempt that fails with its context done reports ctx.err(), not a RetryException.
   */
  @Test
  void anAttemptThatFailsWithItsContextDoneReportsTheContextsError() {
    CancelableContext ctx = Context.withCancel(Context.background());
    Retry r = noJitter().maxAttempts(1).build();
    assertThatThrownBy(
            () ->
                r.call(
                    ctx,
                    c -> {
                      ctx.cancel();
                      throw new IOException("failed after the cancel");
                    }))
        .isSameAs(Context.CANCELED);
  }

  @Test
  void builderRefusesBadSettings() {
    assertThatThrownBy(() -> Retry.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be at least 1: 0");
    assertThatThrownBy(() -> Retry.builder().initialBackoff(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("initialBackoff must be positive: PT0S");
    assertThatThrownBy(() -> Retry.builder().multiplier(0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiplier must be finite and at least 1: 0.5");
    assertThatThrownBy(() -> Retry.builder().jitter(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jitter must be in [0, 1]: 1.5");
    assertThatThrownBy(() -> Retry.builder().initialBackoff(ms(10)).maxBackoff(ms(5)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBackoff PT0.005S must not be less than initialBackoff PT0.01S");
    assertThatThrownBy(() -> Retry.builder().retryOn(null)).hasMessage("retryOn must not be null");
  }

  @Test
  void nullArgumentsAreRefusedWithTheirName() {
    Retry r = noJitter().build();
    assertThatThrownBy(() -> r.call(null, c -> 1)).hasMessage("context ctx must not be null");
    assertThatThrownBy(() -> r.call(Context.background(), null))
        .hasMessage("task must not be null");
    assertThatThrownBy(() -> r.call(Context.background(), null, c -> 1))
        .hasMessage("key must not be null");
  }

  private static Object fail(Context ctx) throws IOException {
    throw new IOException("always");
  }

  /**
   * Backoffs of about 292 years and more (beyond Long.MAX_VALUE nanoseconds) are "never", as go4j's
   * timers take them: the setters accepted them and build() threw ArithmeticException("long
   * overflow") from Duration.toNanos (found in review).
   */
  @Test
  void backoffsOf292YearsOrMoreAreNeverRatherThanAnOverflow() {
    Duration huge = Duration.ofDays(365L * 400);
    assertThatCode(() -> Retry.builder().maxBackoff(huge).build()).doesNotThrowAnyException();
    Retry r = Retry.builder().initialBackoff(huge).maxBackoff(huge).jitter(0).multiplier(2).build();
    assertThat(r.delay(1)).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    assertThat(r.delay(5)).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
  }
}
