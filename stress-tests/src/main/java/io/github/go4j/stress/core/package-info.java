/**
 * jcstress tests of the remaining happens-before claims of go4j-core: Go's memory-model rules for
 * channel capacity, {@code go} statements and timers.
 */
package io.github.go4j.stress.core;
