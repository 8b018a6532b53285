package io.github.go4j.context;

import io.github.go4j.Go;
import io.github.go4j.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's {@code afterFuncCtx}: a hidden child of the watched context whose cancellation starts the
 * function, and whose {@code stop()} cancels it without starting the function. A single CAS on
 * {@code once} (Go's {@code sync.Once}) decides between the two.
 */
final class AfterFuncNode extends CancelCtx {
  private static final VarHandle ONCE;

  static {
    try {
      ONCE = MethodHandles.lookup().findVarHandle(AfterFuncNode.class, "once", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Task f;

  @SuppressWarnings("unused") // accessed through ONCE
  private volatile boolean once;

  AfterFuncNode(Context parent, Task f) {
    super(parent);
    this.f = f;
  }

  /** Claims the single run-or-stop decision; volatile CAS, so f's start follows the cancel. */
  private boolean casOnce() {
    return ONCE.compareAndSet(this, false, true);
  }

  /** Go's {@code stop}: true if it prevented {@code f} from running. */
  boolean stop() {
    if (!casOnce()) {
      return false;
    }
    cancel(true, Context.CANCELED, null); // unregisters from the parent; f does not run
    return true;
  }

  @Override
  void afterCanceled() {
    if (casOnce()) {
      Go.go(f); // its own goroutine: the canceler never runs or waits for user code
    }
  }
}
