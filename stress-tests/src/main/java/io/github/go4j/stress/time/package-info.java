/**
 * jcstress tests of {@link io.github.go4j.time}: Go 1.23 timer semantics under races between {@code
 * Stop}/{@code Reset}, the timer firing on the scheduler thread, and a receiver.
 */
package io.github.go4j.stress.time;
