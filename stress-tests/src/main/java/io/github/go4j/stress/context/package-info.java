/** jcstress tests of the happens-before claims of {@code io.github.go4j.context}. */
package io.github.go4j.stress.context;
