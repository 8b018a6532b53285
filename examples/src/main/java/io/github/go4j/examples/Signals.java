package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.Unit;
import io.github.go4j.sync.WaitGroup;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Signal channels of {@code struct{}}, and the two-valued receive after {@code close}, ported.
 *
 * <pre>{@code
 * // 1. done: a goroutine tells that it has finished by closing a chan struct{}.
 * done := make(chan struct{})
 * var answer int
 * go func() {
 *     defer close(done)
 *     answer = 42
 * }()
 * <-done
 * fmt.Println("answer:", answer)      // the close happens-before the receive: 42 is visible
 *
 * // 2. ready: a value of struct{} sent as a handshake.
 * ready := make(chan struct{})
 * go func() { ready <- struct{}{} }()
 * fmt.Println("ready:", <-ready)       // {}
 *
 * // 3. close as a broadcast: one close releases every waiting goroutine.
 * quit := make(chan struct{})
 * released := make(chan int, 3)
 * var wg sync.WaitGroup
 * for i := 0; i < 3; i++ {
 *     wg.Add(1)
 *     go func(id int) {
 *         defer wg.Done()
 *         <-quit
 *         released <- id
 *     }(i)
 * }
 * close(quit)
 * wg.Wait()
 *
 * // 4. v, ok after close: buffered values first, then the zero value and false, forever.
 * ch := make(chan int, 2)
 * ch <- 1
 * ch <- 2
 * close(ch)
 * for i := 0; i < 4; i++ {
 *     v, ok := <-ch
 *     fmt.Println(v, ok)                // 1 true, 2 true, 0 false, 0 false
 * }
 * }</pre>
 *
 * <p>{@code chan struct{}} is {@code Channel<Unit>} and {@code struct{}{}} is {@link Unit#VALUE}:
 * an enum constant, so a signal allocates nothing and cannot be null (null means "closed" for a
 * go4j receive, where Go has the zero value: {@code Received(null, false)} prints where Go prints
 * {@code 0 false}).
 */
public final class Signals {
  private Signals() {}

  private static int answer; // written before close(done), read after <-done

  /**
   * Runs the four signal idioms.
   *
   * @param out where to print
   * @throws InterruptedException if interrupted
   */
  public static void run(PrintStream out) throws InterruptedException {
    // 1. done, closed by the goroutine when it has finished.
    Channel<Unit> done = Channel.make();
    go(
        () -> {
          try {
            answer = 42;
          } finally {
            done.close(); // defer close(done)
          }
        });
    done.receive();
    out.println("answer: " + answer);

    // 2. ready, a struct{}{} sent as a handshake.
    Channel<Unit> ready = Channel.make();
    go(() -> ready.send(Unit.VALUE));
    out.println("ready: " + ready.receive());

    // 3. close(quit) as a broadcast.
    Channel<Unit> quit = Channel.make();
    Channel<Integer> released = Channel.make(3);
    WaitGroup wg = new WaitGroup();
    for (int i = 0; i < 3; i++) {
      int id = i;
      wg.add(1);
      go(
          () -> {
            try {
              quit.receive(); // returns null once quit is closed
              released.send(id);
            } finally {
              wg.done();
            }
          });
    }
    quit.close();
    wg.await();
    released.close();
    List<Integer> ids = new ArrayList<>();
    for (int id : released) {
      ids.add(id);
    }
    Collections.sort(ids);
    out.println("released by close(quit): " + ids);

    // 4. v, ok := <-ch after close.
    Channel<Integer> ch = Channel.make(2);
    ch.send(1);
    ch.send(2);
    ch.close();
    for (int i = 0; i < 4; i++) {
      Received<Integer> r = ch.receiveOk();
      out.println("v=" + r.value() + " ok=" + r.ok());
    }
  }

  /**
   * Runs the example.
   *
   * @param args unused
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }
}
