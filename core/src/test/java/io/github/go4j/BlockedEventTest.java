package io.github.go4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.sync.Mutex;
import io.github.go4j.sync.WaitGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.SettingDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * The JFR event {@code io.github.go4j.Blocked}: a recording is a block profile. Runs with the
 * goroutine registry off: the events do not need it.
 */
class BlockedEventTest {
  private static final String EVENT = "io.github.go4j.Blocked";

  @Test
  void aRecordingHoldsTheWaitsThatOutlastTheThreshold() throws Exception {
    Channel<String> ch = Channel.make();
    Channel<String> never = Channel.make();
    Mutex mu = new Mutex();
    WaitGroup wg = new WaitGroup();
    List<RecordedEvent> events;
    Path file = Files.createTempFile("go4j-blocked", ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable(EVENT); // the event's own threshold: 20 ms
      recording.start();
      mu.lock();
      wg.add(1);
      Thread receiver = Go.go(ch::receive);
      Thread locker =
          Go.go(
              () -> {
                mu.lock();
                mu.unlock();
              });
      Thread waiter = Go.go(wg::await);
      Thread selector = Go.go(() -> Select.select(never.onReceive(v -> v), ch.onReceive(v -> v)));
      for (Thread t : List.of(receiver, locker, waiter, selector)) {
        GoTesting.awaitTrue(t + " parks", () -> t.getState() == Thread.State.WAITING);
      }
      // The one fixed wait, inherent here: the event exists only for waits longer than its 20 ms
      // threshold, so the four goroutines (all parked: checked above) must stay parked that long.
      // No outcome depends on thread timing: a longer delay on a loaded machine only lengthens it.
      Thread.sleep(Duration.ofMillis(50));
      ch.send("a");
      ch.send("b");
      mu.unlock();
      wg.done();
      for (Thread t : List.of(receiver, locker, waiter, selector)) {
        t.join();
      }
      recording.stop();
      recording.dump(file);
      events = RecordingFile.readAllEvents(file);
    } finally {
      Files.deleteIfExists(file);
    }

    Map<String, RecordedEvent> byReason =
        events.stream()
            .filter(e -> e.getEventType().getName().equals(EVENT))
            .collect(Collectors.toMap(e -> e.getString("reason"), e -> e, (x, y) -> x));
    assertThat(byReason)
        .containsKeys("chan receive", "sync.Mutex.Lock", "sync.WaitGroup.Wait", "select");
    RecordedEvent receive = byReason.get("chan receive");
    assertThat(receive.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
    assertThat(receive.getString("primitive")).startsWith("chan(cap=0)@");
    assertThat(receive.getClass("primitiveClass").getName()).startsWith("io.github.go4j.internal.");
    assertThat(receive.getStackTrace().getFrames())
        .anySatisfy(f -> assertThat(f.getMethod().getName()).isEqualTo("receive"));
    assertThat(byReason.get("sync.Mutex.Lock").getString("primitive")).startsWith("Mutex@");
    assertThat(byReason.get("select").getString("primitive")).as("a select waits on many").isNull();
  }

  @Test
  void theThresholdIsTwentyMillisecondsByDefault() throws InterruptedException {
    FlightRecorder recorder = FlightRecorder.getFlightRecorder(); // JFR is in use from now on
    Channel<String> ch = Channel.make();
    Thread g = Go.go(ch::receive); // a park with JFR in use loads the event class: registered
    GoTesting.awaitTrue(g + " parks", () -> g.getState() == Thread.State.WAITING);
    ch.send("x");
    g.join();
    EventType type =
        recorder.getEventTypes().stream()
            .filter(t -> t.getName().equals(EVENT))
            .findFirst()
            .orElseThrow();
    assertThat(type.getSettingDescriptors())
        .filteredOn(s -> s.getName().equals("threshold"))
        .extracting(SettingDescriptor::getDefaultValue)
        .containsExactly("20 ms");
  }
}
