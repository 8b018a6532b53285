/**
 * go4j-core: goroutines ({@link io.github.go4j.Go}), channels and select ({@link
 * io.github.go4j.chan}), Go's {@code sync} package ({@link io.github.go4j.sync}) and Go's {@code
 * time} timers ({@link io.github.go4j.time}).
 *
 * <p>{@code io.github.go4j.internal} holds the shared machinery (channel engine, waiters, the timer
 * scheduler) and is not exported.
 */
module io.github.go4j.core {
  exports io.github.go4j;
  exports io.github.go4j.chan;
  exports io.github.go4j.sync;
  exports io.github.go4j.time;

  // Optional: the goroutine registry's JMX bean and the JFR block events are left out, without
  // error, where the runtime image or the module graph lacks these modules.
  requires static java.management;
  requires static jdk.jfr;
}
