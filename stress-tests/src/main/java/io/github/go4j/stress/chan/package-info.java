/**
 * jcstress tests of {@link io.github.go4j.chan}: publication through a channel, close visibility,
 * exactly-once delivery between racing receivers, send/close and select races, and the non-blocking
 * operations. Result codes are those of {@link io.github.go4j.stress.Ops}.
 */
package io.github.go4j.stress.chan;
