package io.github.go4j;

/**
 * The goroutine dump over JMX: the platform MBean {@value #OBJECT_NAME}, registered when the
 * goroutine registry is on ({@link Goroutines}), so that jconsole, JDK Mission Control or any JMX
 * client can take a dump of a running program.
 */
public interface GoroutinesMXBean {
  /** The bean's object name. */
  String OBJECT_NAME = "io.github.go4j:type=Goroutines";

  /**
   * The goroutine dump, as {@link Goroutines#dump()} returns it.
   *
   * @return the dump
   */
  String dump();

  /**
   * The number of registered goroutines (started through {@link Go#go} and not finished).
   *
   * @return the count
   */
  int getGoroutineCount();
}
