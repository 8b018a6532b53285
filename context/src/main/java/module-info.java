/**
 * go4j-context: Go's {@code context} package on go4j-core channels ({@link
 * io.github.go4j.context.Context}).
 */
module io.github.go4j.context {
  requires transitive io.github.go4j.core;

  exports io.github.go4j.context;
}
