/** go4j-context: Go's {@code context} package on go4j-core channels. */
module io.github.go4j.context {
  requires transitive io.github.go4j.core;
}
