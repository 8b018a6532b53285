/** jcstress tests of the happens-before claims of {@code io.github.go4j.sync}. */
package io.github.go4j.stress.sync;
