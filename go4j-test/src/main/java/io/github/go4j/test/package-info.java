/**
 * Test support for go4j programs: {@link io.github.go4j.test.VerifyNoLeaks}, a JUnit 5 extension
 * that fails a test whose goroutines outlive it.
 */
package io.github.go4j.test;
