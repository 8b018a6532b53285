/** go4j-patterns: Go's classic concurrency patterns on go4j-core and go4j-context. */
module io.github.go4j.patterns {
  exports io.github.go4j.patterns;

  requires transitive io.github.go4j.context;
}
