/**
 * jcstress tests of the "Memory consistency effects" of {@link io.github.go4j.sync}: each test
 * class guards the happens-before claim of one type (WaitGroup, Once, Mutex, RWMutex, Cond,
 * Barrier, Semaphore), and its nested tests are the paths that must each provide the edge (fast
 * path, parked waiter, non-blocking and done-channel variants).
 *
 * <p>The pattern is the same throughout: one side writes two plain fields ({@code x = 1; y = 2})
 * and then performs the releasing operation; the other side performs the acquiring operation and,
 * if it observed the release, reads the fields. Seeing {@code 1, 2} is the only acceptable outcome
 * of an observed release; a {@code 0} in either field means the edge is missing (FORBIDDEN). Where
 * the acquiring side may legitimately run first, its outcome is {@code 0, 0} (it read before the
 * writes) or {@code -1, -1} (a non-blocking operation failed), as each test says.
 *
 * <p>{@link io.github.go4j.stress.sync.GrantCancelRaceTest} checks a different claim, shared by the
 * primitives that wait on the common wait record: a grant racing with a done channel or an
 * interrupt has exactly one outcome, and nothing handed over is lost or duplicated.
 */
package io.github.go4j.stress.sync;
