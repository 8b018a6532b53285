/**
 * go4j-test: test support for programs that use go4j. {@link io.github.go4j.test.VerifyNoLeaks}
 * fails a JUnit 5 test that leaves goroutines behind (Go's goleak).
 */
module io.github.go4j.test {
  requires transitive io.github.go4j.core;
  requires transitive org.junit.jupiter.api;
  requires org.junit.platform.commons;

  exports io.github.go4j.test;
}
