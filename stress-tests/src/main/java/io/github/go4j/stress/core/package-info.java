/**
 * jcstress tests of the happens-before claims of go4j-core that the channel tests in {@link
 * io.github.go4j.stress.chan} do not cover: the receive-before-send-completes edges of unbuffered
 * and buffered channels, close before a blocked send throws, {@code Go.go}, and timers and tickers
 * (creation and reset before delivery).
 *
 * <p>Fields and codes follow {@link io.github.go4j.stress.sync}: the releasing side writes {@code x
 * = 1; y = 2}, the acquiring side must read {@code 1, 2} once it has observed the release, and
 * {@code -1} marks a non-blocking operation that found nothing to do.
 */
package io.github.go4j.stress.core;
