package io.github.go4j.chan;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs a channel test at every capacity of the conformance matrix: 0 (unbuffered), 1, 2, 10, 100
 * and 1000 (after jox's {@code @TestWithCapacities}). The test method takes the capacity as its
 * {@code int} parameter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "capacity {0}")
@ValueSource(ints = {0, 1, 2, 10, 100, 1000})
public @interface TestWithCapacities {}
