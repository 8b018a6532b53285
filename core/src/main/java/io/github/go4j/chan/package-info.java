/**
 * Go's channels and {@code select}: {@link io.github.go4j.chan.Channel}, its directional views
 * {@link io.github.go4j.chan.SendChannel} and {@link io.github.go4j.chan.ReceiveChannel}, {@link
 * io.github.go4j.chan.Select}, {@link io.github.go4j.chan.Received} and {@link
 * io.github.go4j.chan.Unit} (Go's {@code struct{}}).
 */
package io.github.go4j.chan;
