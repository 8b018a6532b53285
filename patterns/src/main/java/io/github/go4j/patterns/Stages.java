package io.github.go4j.patterns;

import io.github.go4j.ThrowingFunction;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import io.github.go4j.chan.Unit;
import io.github.go4j.time.Time;
import io.github.go4j.time.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loops of the pipeline stages, written once for both scopes. Every stage owns its output
 * channel and closes it when it returns, whatever the reason (input closed, scope cancelled, a
 * function threw); every wait races the scope's done channel. A failure is handed to the scope
 * before the stage closes its outputs, so a consumer that sees an output close early already finds
 * the failure recorded.
 */
final class Stages {
  private Stages() {}

  /** The loop of a stage that owns one output channel. */
  @FunctionalInterface
  private interface Loop<T> {
    void run(Channel<T> out) throws Exception;
  }

  /**
   * Starts a stage goroutine running {@code loop} on a new output channel of the scope's capacity:
   * a failure is handed to the scope before the output closes, and the output closes however the
   * loop ends.
   */
  private static <T> ReceiveChannel<T> stage(Scope s, Loop<T> loop) {
    Channel<T> out = Channel.make(s.buffer());
    s.spawn(
        () -> {
          try {
            loop.run(out);
          } catch (Throwable e) { // recorded before the output closes
            s.fail(e);
          } finally {
            out.close();
          }
        });
    return out.receiveOnly();
  }

  static <T> ReceiveChannel<T> generate(Scope s, Iterable<? extends T> values) {
    Objects.requireNonNull(values, "values must not be null");
    return stage(
        s,
        (Channel<T> out) -> {
          ReceiveChannel<?> done = s.done();
          Iterator<? extends T> it = values.iterator();
          while (!s.canceled() && it.hasNext()) {
            T v = it.next();
            if (!Ops.send(out, nonNull(v, "generate: values must not contain null"), done)) {
              return;
            }
          }
        });
  }

  static <T> ReceiveChannel<T> generate(Scope s, Callable<? extends T> supplier) {
    Objects.requireNonNull(supplier, "supplier must not be null");
    return stage(
        s,
        (Channel<T> out) -> {
          ReceiveChannel<?> done = s.done();
          T v;
          while (!s.canceled() && (v = supplier.call()) != null) {
            if (!Ops.send(out, v, done)) {
              return;
            }
          }
        });
  }

  static <T> ReceiveChannel<T> repeat(Scope s, List<? extends T> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("repeat: no values to repeat");
    }
    for (T v : values) {
      nonNull(v, "repeat: values must not contain null");
    }
    return stage(
        s,
        (Channel<T> out) -> {
          ReceiveChannel<?> done = s.done();
          int n = values.size();
          for (int i = 0; !s.canceled(); i = i + 1 == n ? 0 : i + 1) {
            if (!Ops.send(out, values.get(i), done)) {
              return;
            }
          }
        });
  }

  static <T> ReceiveChannel<T> take(Scope s, ReceiveChannel<? extends T> in, long n) {
    Objects.requireNonNull(in, "input channel in must not be null");
    if (n < 0) {
      throw new IllegalArgumentException("take: negative count " + n);
    }
    return stage(
        s,
        (Channel<T> out) -> {
          ReceiveChannel<?> done = s.done();
          Ops.Inlet<T> inlet = new Ops.Inlet<>(in, done);
          T v;
          for (long i = 0; i < n && !s.canceled() && (v = inlet.next()) != null; i++) {
            if (!Ops.send(out, v, done)) {
              return;
            }
          }
        });
  }

  /** A stage that applies {@code fn} to each value and sends the results, {@code nulls} dropped. */
  static <T, R> ReceiveChannel<R> map(
      Scope s,
      ReceiveChannel<? extends T> in,
      ThrowingFunction<? super T, ? extends R> fn,
      boolean dropNulls) {
    Objects.requireNonNull(in, "input channel in must not be null");
    Objects.requireNonNull(fn, "function fn must not be null");
    return stage(
        s,
        (Channel<R> out) -> {
          mapLoop(s, in, fn, out, dropNulls);
        });
  }

  private static <T, R> void mapLoop(
      Scope s,
      ReceiveChannel<? extends T> in,
      ThrowingFunction<? super T, ? extends R> fn,
      Channel<R> out,
      boolean dropNulls)
      throws Exception {
    ReceiveChannel<?> done = s.done();
    Ops.Inlet<T> inlet = new Ops.Inlet<>(in, done);
    T v;
    while (!s.canceled() && (v = inlet.next()) != null) {
      R r = fn.apply(v);
      if (r == null) {
        if (dropNulls) {
          continue;
        }
        throw new NullPointerException("map: the function returned null for " + v);
      }
      if (!Ops.send(out, r, done)) {
        return;
      }
    }
  }

  static <T> ReceiveChannel<T> filter(
      Scope s, ReceiveChannel<? extends T> in, ThrowingFunction<? super T, Boolean> keep) {
    Objects.requireNonNull(keep, "predicate keep must not be null");
    return map(s, in, v -> keep.apply(v) ? v : null, true);
  }

  /** {@code workers} goroutines applying {@code fn}, results in completion order. */
  static <T, R> ReceiveChannel<R> mapUnordered(
      Scope s,
      ReceiveChannel<? extends T> in,
      ThrowingFunction<? super T, ? extends R> fn,
      int workers) {
    Objects.requireNonNull(in, "input channel in must not be null");
    Objects.requireNonNull(fn, "function fn must not be null");
    positive(workers, "workers");
    Channel<R> out = Channel.make(s.buffer());
    AtomicInteger running = new AtomicInteger(workers);
    for (int w = 0; w < workers; w++) {
      s.spawn(
          () -> {
            try {
              mapLoop(s, in, fn, out, false);
            } catch (Throwable e) { // recorded before the outputs close
              s.fail(e);
            } finally {
              if (running.decrementAndGet() == 0) {
                out.close();
              }
            }
          });
    }
    return out.receiveOnly();
  }

  static <T, R> List<ReceiveChannel<R>> fanOut(
      Scope s, ReceiveChannel<? extends T> in, int n, ThrowingFunction<? super T, ? extends R> fn) {
    Objects.requireNonNull(in, "input channel in must not be null");
    Objects.requireNonNull(fn, "function fn must not be null");
    positive(n, "n");
    List<ReceiveChannel<R>> outs = new ArrayList<>(n);
    for (int w = 0; w < n; w++) {
      outs.add(map(s, in, fn, false));
    }
    return List.copyOf(outs);
  }

  /**
   * A slot of the ordered map's window: carries one value to a worker and its result back to the
   * collector. Its fields are plain: each is handed over through a channel (jobs, then ready, then
   * free), whose happens-before edges publish it.
   */
  private static final class Slot<T, R> {
    T input;
    R output;
    final Channel<Unit> ready = Channel.make(1);
    final SelectCase<Boolean> onReady = ready.onReceive(x -> Boolean.TRUE);
  }

  /**
   * {@code workers} goroutines applying {@code fn}, results in input order. A dispatcher hands each
   * value to a worker in a slot and queues the slot; the collector takes slots in queue order,
   * waits for each one's result and sends it. {@code 2 * workers} slots circulate, so at most that
   * many values are in flight and no allocation is made per value.
   */
  static <T, R> ReceiveChannel<R> mapOrdered(
      Scope s,
      ReceiveChannel<? extends T> in,
      ThrowingFunction<? super T, ? extends R> fn,
      int workers) {
    Objects.requireNonNull(in, "input channel in must not be null");
    Objects.requireNonNull(fn, "function fn must not be null");
    positive(workers, "workers");
    int window = 2 * workers;
    Channel<Slot<T, R>> free = Channel.make(window);
    Channel<Slot<T, R>> pending = Channel.make(window);
    Channel<Slot<T, R>> jobs = Channel.make(workers);
    for (int i = 0; i < window; i++) {
      free.trySend(new Slot<>());
    }
    Channel<R> out = Channel.make(s.buffer());
    ReceiveChannel<?> done = s.done();
    s.spawn( // dispatcher
        () -> {
          try {
            Ops.Inlet<T> inlet = new Ops.Inlet<>(in, done);
            Ops.Inlet<Slot<T, R>> slots = new Ops.Inlet<>(free, done);
            T v;
            while (!s.canceled() && (v = inlet.next()) != null) {
              Slot<T, R> slot = slots.next(); // free is never closed: null means cancelled
              if (slot == null) {
                return;
              }
              slot.input = v;
              if (!Ops.send(pending, slot, done) || !Ops.send(jobs, slot, done)) {
                return;
              }
            }
          } catch (Throwable e) { // recorded before the outputs close
            s.fail(e);
          } finally {
            jobs.close();
            pending.close();
          }
        });
    for (int w = 0; w < workers; w++) {
      s.spawn(
          () -> {
            Ops.Inlet<Slot<T, R>> next = new Ops.Inlet<>(jobs, done);
            Slot<T, R> slot;
            while (!s.canceled() && (slot = next.next()) != null) {
              T v = slot.input;
              slot.input = null;
              R r = fn.apply(v);
              if (r == null) {
                throw new NullPointerException("map: the function returned null for " + v);
              }
              slot.output = r;
              slot.ready.trySend(Unit.VALUE); // capacity 1, emptied before the slot is reused
            }
          });
    }
    SelectCase<Boolean> canceled = done.onReceive(x -> Boolean.FALSE);
    s.spawn( // collector
        () -> {
          try {
            Ops.Inlet<Slot<T, R>> queued = new Ops.Inlet<>(pending, done);
            Slot<T, R> slot;
            while (!s.canceled() && (slot = queued.next()) != null) {
              if (!Select.select(slot.onReady, canceled)) {
                return;
              }
              R r = slot.output;
              slot.output = null;
              if (!Ops.send(out, r, done)) {
                return;
              }
              free.trySend(slot); // never full: only window slots exist
            }
          } catch (Throwable e) { // recorded before the outputs close
            s.fail(e);
          } finally {
            out.close();
          }
        });
    return out.receiveOnly();
  }

  static <T> ReceiveChannel<List<T>> batch(
      Scope s, ReceiveChannel<? extends T> in, int size, Duration maxWait) {
    Objects.requireNonNull(in, "input channel in must not be null");
    positive(size, "size");
    if (maxWait != null && (maxWait.isNegative() || maxWait.isZero())) {
      throw new IllegalArgumentException("batch: maxWait must be positive, got " + maxWait);
    }
    return stage(
        s,
        (Channel<List<T>> out) -> {
          // A timer per stage, armed by the first value of a batch; Go 1.23 timers deliver no
          // stale tick after stop or reset, so a tick always belongs to the current batch.
          Timer timer = maxWait == null ? null : Time.newTimer(maxWait);
          try {
            ReceiveChannel<?> done = s.done();
            if (timer != null) {
              timer.stop();
            }
            Object closed = new Object();
            Object expired = new Object();
            SelectCase<Object> value = in.onReceive(v -> v == null ? closed : v);
            SelectCase<Object> tick =
                timer == null
                    ? Channel.nil().onReceive(x -> x)
                    : timer.channel().onReceive(x -> expired);
            SelectCase<Object> canceled = done.onReceive(x -> done);
            List<T> batch = new ArrayList<>(size);
            while (!s.canceled()) {
              Object r = Select.select(value, tick, canceled);
              if (r == done) {
                return;
              }
              boolean flush = r == closed || r == expired;
              if (!flush) {
                @SuppressWarnings("unchecked")
                T v = (T) r;
                batch.add(v);
                if (batch.size() == 1 && timer != null) {
                  timer.reset(maxWait);
                }
                flush = batch.size() == size;
              }
              if (flush && !batch.isEmpty()) {
                if (timer != null) {
                  timer.stop();
                }
                if (!Ops.send(out, batch, done)) {
                  return;
                }
                batch = new ArrayList<>(size);
              }
              if (r == closed) {
                return;
              }
            }
          } finally {
            if (timer != null) {
              timer.stop();
            }
          }
        });
  }

  static <T> ReceiveChannel<T> merge(Scope s, List<? extends ReceiveChannel<? extends T>> ins) {
    Objects.requireNonNull(ins, "inputs must not be null");
    for (ReceiveChannel<? extends T> in : ins) {
      Objects.requireNonNull(in, "inputs must not contain null");
    }
    Channel<T> out = Channel.make(s.buffer());
    if (ins.isEmpty()) {
      out.close();
      return out.receiveOnly();
    }
    AtomicInteger open = new AtomicInteger(ins.size());
    for (ReceiveChannel<? extends T> in : ins) {
      s.spawn(
          () -> {
            try {
              forward(s, in, out);
            } catch (Throwable e) { // recorded before the outputs close
              s.fail(e);
            } finally {
              if (open.decrementAndGet() == 0) {
                out.close();
              }
            }
          });
    }
    return out.receiveOnly();
  }

  /** Forwards from {@code in} to {@code out} until in is closed or the scope is cancelled. */
  private static <T> void forward(Scope s, ReceiveChannel<? extends T> in, Channel<T> out)
      throws InterruptedException {
    ReceiveChannel<?> done = s.done();
    Ops.Inlet<T> inlet = new Ops.Inlet<>(in, done);
    T v;
    while (!s.canceled() && (v = inlet.next()) != null) {
      if (!Ops.send(out, v, done)) {
        return;
      }
    }
  }

  static <T> ReceiveChannel<T> orDone(Scope s, ReceiveChannel<? extends T> in) {
    Objects.requireNonNull(in, "input channel in must not be null");
    return stage(
        s,
        (Channel<T> out) -> {
          forward(s, in, out);
        });
  }

  static <T> Tee<T> tee(Scope s, ReceiveChannel<? extends T> in) {
    Objects.requireNonNull(in, "input channel in must not be null");
    Channel<T> out1 = Channel.make(s.buffer());
    Channel<T> out2 = Channel.make(s.buffer());
    s.spawn(
        () -> {
          try {
            ReceiveChannel<?> done = s.done();
            SelectCase<Integer> canceled = done.onReceive(x -> 0);
            Ops.Inlet<T> inlet = new Ops.Inlet<>(in, done);
            T v;
            while (!s.canceled() && (v = inlet.next()) != null) {
              boolean sent1 = out1.trySend(v);
              boolean sent2 = out2.trySend(v);
              while (!(sent1 && sent2)) { // Go: a nil-ed channel per delivered side
                T x = v;
                int r =
                    sent1
                        ? Select.select(out2.onSend(x, () -> 2), canceled)
                        : sent2
                            ? Select.select(out1.onSend(x, () -> 1), canceled)
                            : Select.select(
                                out1.onSend(x, () -> 1), out2.onSend(x, () -> 2), canceled);
                if (r == 0) {
                  return;
                }
                sent1 |= r == 1;
                sent2 |= r == 2;
              }
            }
          } catch (Throwable e) { // recorded before the outputs close
            s.fail(e);
          } finally {
            out1.close();
            out2.close();
          }
        });
    return new Tee<>(out1.receiveOnly(), out2.receiveOnly());
  }

  static <T> ReceiveChannel<T> bridge(
      Scope s, ReceiveChannel<? extends ReceiveChannel<? extends T>> chans) {
    Objects.requireNonNull(chans, "channel of channels chans must not be null");
    return stage(
        s,
        (Channel<T> out) -> {
          Ops.Inlet<ReceiveChannel<? extends T>> next = new Ops.Inlet<>(chans, s.done());
          ReceiveChannel<? extends T> in;
          while (!s.canceled() && (in = next.next()) != null) {
            forward(s, in, out);
          }
        });
  }

  /** Closes its output when any of {@code dones} or the scope's done channel is closed. */
  static ReceiveChannel<Unit> or(Scope s, List<? extends ReceiveChannel<?>> dones) {
    Objects.requireNonNull(dones, "done channels dones must not be null");
    List<SelectCase<Unit>> cases = new ArrayList<>(dones.size() + 1);
    for (ReceiveChannel<?> d : dones) {
      cases.add(
          Objects.requireNonNull(d, "dones must not contain null").onReceive(x -> Unit.VALUE));
    }
    cases.add(s.done().onReceive(x -> Unit.VALUE));
    Channel<Unit> out = Channel.make();
    s.spawn(
        () -> {
          try {
            Select.select(cases);
          } catch (Throwable e) { // recorded before the outputs close
            s.fail(e);
          } finally {
            out.close();
          }
        });
    return out.receiveOnly();
  }

  private static <T> T nonNull(T v, String message) {
    if (v == null) {
      throw new NullPointerException(message);
    }
    return v;
  }

  private static void positive(int n, String name) {
    if (n <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + n);
    }
  }
}
