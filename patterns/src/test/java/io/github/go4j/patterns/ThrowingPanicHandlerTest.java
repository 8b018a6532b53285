package io.github.go4j.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.Go;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.context.Context;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * PanicHandler: an exception the handler throws goes to the thread's uncaught-exception handler
 * with the panic attached, and never reaches a panic handler. The patterns module called the
 * handler directly (the detached scope of Pipelines, Steward), so there the handler's exception
 * escaped the stage's goroutine, whose own report handed it to the handler again (found in review);
 * it reports through Go.runReportingPanic now.
 */
class ThrowingPanicHandlerTest {
  @Test
  void aThrowingHandlersExceptionFromADetachedStageNeverReachesAPanicHandler() throws Exception {
    List<Throwable> handled = new CopyOnWriteArrayList<>();
    AtomicReference<Throwable> uncaught = new AtomicReference<>();
    CountDownLatch reported = new CountDownLatch(1);
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (t, e) -> {
          uncaught.set(e);
          reported.countDown();
        });
    RuntimeException boom = new RuntimeException("the iterator failed");
    Go.setPanicHandler(
        (g, e) -> {
          handled.add(e);
          throw new IllegalStateException("the handler failed on " + e);
        });
    try {
      Iterable<String> failing =
          () ->
              new Iterator<>() {
                @Override
                public boolean hasNext() {
                  throw boom;
                }

                @Override
                public String next() {
                  throw boom;
                }
              };
      ReceiveChannel<String> out = Pipelines.generate(Context.background(), failing);
      assertThat(out.receiveOk().ok()).isFalse(); // the stage ended
      assertThat(reported.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(handled)
          .as("the handler is called once, with the stage's failure only")
          .containsExactly(boom);
      assertThat(uncaught.get().getSuppressed())
          .as("the uncaught-exception handler gets the handler's exception with the panic attached")
          .contains(boom);
    } finally {
      Go.setPanicHandler(null);
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }
}
