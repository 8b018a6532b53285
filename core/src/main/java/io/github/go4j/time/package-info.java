/**
 * Go's {@code time} package timers: {@code Time.after}, {@code Time.tick}, {@code Time.sleep},
 * {@code Time.afterFunc}, {@code Timer} and {@code Ticker}, with Go 1.23 semantics.
 */
package io.github.go4j.time;
