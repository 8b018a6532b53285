/**
 * jcstress tests of the "Memory consistency effects" of {@link io.github.go4j.context}:
 * cancellation (of a context and of a descendant) observed through {@code done()}, {@code err()}
 * and {@code Context.cause}; the consistency of {@code err()} with {@code done()} and the
 * immutability of the first cancellation; {@code afterFunc} and {@code interruptOnDone}; and {@code
 * withValue}.
 *
 * <p>Fields and codes follow {@link io.github.go4j.stress.sync}: the canceller writes {@code x = 1;
 * y = 2}, an observer that sees the cancellation must read {@code 1, 2}, and {@code -1} marks an
 * observer that did not see it (yet).
 */
package io.github.go4j.stress.context;
