package io.github.go4j.context;

import io.github.go4j.time.Time;
import io.github.go4j.time.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's {@code timerCtx}: a {@link CancelCtx} with a deadline, served by a go4j-core timer ({@code
 * Time.afterFunc}, a shared scheduler: no thread per context). The timer is stopped, and so
 * released, as soon as the context is canceled for any reason.
 */
final class TimerCtx extends CancelCtx {
  final Instant deadlineAt;
  private Timer timer; // guarded by lock

  private TimerCtx(Context parent, Instant deadlineAt) {
    super(parent, Optional.of(deadlineAt));
    this.deadlineAt = deadlineAt;
  }

  /** Go's {@code WithDeadlineCause}. */
  static CancelableContext create(Context parent, Instant d, Throwable cause) {
    Optional<Instant> cur = parent.deadline();
    if (cur.isPresent() && cur.get().isBefore(d)) {
      return Context.withCancel(parent); // the parent's deadline is sooner
    }
    TimerCtx c = new TimerCtx(parent, d);
    c.propagateCancel();
    Duration dur = Duration.between(Instant.now(), d);
    if (dur.isNegative() || dur.isZero()) {
      c.cancel(true, Context.DEADLINE_EXCEEDED, cause); // the deadline has already passed
      return c;
    }
    c.lock.lock();
    try {
      if (!c.isCanceledLocked()) {
        c.timer = Time.afterFunc(dur, () -> c.cancel(true, Context.DEADLINE_EXCEEDED, cause));
      }
    } finally {
      c.lock.unlock();
    }
    return c;
  }

  @Override
  void afterCanceled() {
    Timer t;
    lock.lock();
    try {
      t = timer;
      timer = null;
    } finally {
      lock.unlock();
    }
    if (t != null) {
      t.stop();
    }
  }

  /** Test hook: the pending timer, null once the context is canceled. */
  Timer timer() {
    lock.lock();
    try {
      return timer;
    } finally {
      lock.unlock();
    }
  }
}
