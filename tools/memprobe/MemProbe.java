import io.github.go4j.chan.Channel;
import java.util.concurrent.locks.LockSupport;

/**
 * Parks {@code n} virtual threads in a receive on one unbuffered go4j channel (or, with {@code
 * park}, in a bare LockSupport.park loop), after warm-up rounds of 20,000 receivers that run the
 * same code, and holds them parked while run.sh takes a class histogram. The same Runnable class
 * runs in the warm-up and in the measurement, so that the measured threads park in compiled code
 * (a fresh lambda would be interpreted for a while, and its frames are larger).
 *
 * <p>Arguments: n, go4j|park, how long to hold them (ms), warm-up rounds.
 */
public class MemProbe {
  static volatile boolean go;

  static final class Receiver implements Runnable {
    final Channel<Integer> ch;
    final boolean park;

    Receiver(Channel<Integer> ch, boolean park) {
      this.ch = ch;
      this.park = park;
    }

    @Override
    public void run() {
      if (park) {
        while (!go) {
          LockSupport.park();
        }
        return;
      }
      try {
        ch.receive();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[0]);
    boolean park = a[1].equals("park");
    int rounds = Integer.parseInt(a[3]);
    for (int r = 0; r < rounds; r++) {
      Channel<Integer> w = Channel.make();
      Thread[] ws = new Thread[20_000];
      for (int i = 0; i < ws.length; i++) {
        ws[i] = Thread.ofVirtual().start(new Receiver(w, park));
      }
      awaitParked(ws);
      go = true;
      w.close();
      for (Thread t : ws) {
        LockSupport.unpark(t);
        t.join();
      }
      go = false;
    }
    Thread.sleep(1000); // lets the compile queue drain
    Channel<Integer> ch = Channel.make();
    Thread[] ts = new Thread[n];
    for (int i = 0; i < n; i++) {
      ts[i] = Thread.ofVirtual().start(new Receiver(ch, park));
    }
    awaitParked(ts);
    System.out.println("parked " + ProcessHandle.current().pid());
    System.out.flush();
    Thread.sleep(Long.parseLong(a[2]));
    go = true;
    ch.close();
    for (Thread t : ts) {
      LockSupport.unpark(t);
    }
  }

  static void awaitParked(Thread[] ts) throws InterruptedException {
    for (Thread t : ts) {
      while (t.getState() != Thread.State.WAITING) {
        Thread.sleep(1);
      }
    }
  }
}
