/**
 * go4j: Go's concurrency model for Java 21+. {@link io.github.go4j.Go#go(io.github.go4j.Task)}
 * starts a goroutine (a virtual thread); see the subpackages for channels, select, sync and time.
 */
package io.github.go4j;
