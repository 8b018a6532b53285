package io.github.go4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipeTest {
  @ParameterizedTest(name = "{0} capacity {1}")
  @CsvSource({
    "go4j,0", "go4j,1", "go4j,64",
    "jox,0", "jox,1", "jox,64",
    "juc,0", "juc,1", "juc,64",
    "ltq,0", "ltq,1", "ltq,64"
  })
  void everyPeerDeliversEveryValueInOrder(String impl, int capacity) throws Exception {
    Pipe<Integer> pipe = Pipe.create(impl, capacity);
    int n = 1000;
    List<Integer> got = new ArrayList<>();
    Driver.run(
        () -> {
          Parties producer =
              Parties.withCapacity(1)
                  .start(
                      true,
                      1,
                      p -> {
                        for (int i = 0; i < n; i++) {
                          pipe.send(i);
                        }
                      });
          for (int i = 0; i < n; i++) {
            got.add(pipe.receive());
          }
          producer.join();
        });
    assertThat(got).hasSize(n).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void unknownPeerIsRefused() {
    assertThatThrownBy(() -> Pipe.create("nope", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void driverRethrowsWhatTheBatchThrew() {
    assertThatThrownBy(
            () ->
                Driver.run(
                    () -> {
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
  }

  @Test
  void partiesRethrowAPartysFailureOnJoin() {
    Parties parties =
        Parties.withCapacity(2)
            .start(
                false,
                2,
                i -> {
                  if (i == 1) {
                    throw new java.io.IOException("party 1");
                  }
                });
    assertThatThrownBy(parties::join).isInstanceOf(java.io.IOException.class).hasMessage("party 1");
  }

  @Test
  void checksumIsTheSumOfTheTokensAndCheckRejectsAMismatch() {
    long sum = 0;
    for (int i = 0; i < 300; i++) {
      sum += Parties.token(i);
    }
    assertThat(Parties.checksum(300)).isEqualTo(sum);
    assertThat(Parties.token(5)).isSameAs(Parties.token(5 + 128)); // cached: no allocation
    assertThatThrownBy(() -> Parties.check("x", 1, 2)).hasMessageContaining("lost or duplicated");
  }
}
