/**
 * jcstress tests of the memory-consistency claims of go4j-patterns: each claim in a pattern's
 * Javadoc has a test here that fails if the claim breaks.
 */
package io.github.go4j.stress.patterns;
