package io.github.go4j.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parsesNestedObjectsArraysAndScalars() {
    Object v =
        Json.parse(
            "{ \"a\" : [1, -2.5e3, true, false, null], \"b\": {\"c\": \"x\\\"y\\u00e9\\n\"}, \"d\": {} }");
    assertThat(v)
        .isEqualTo(
            Map.of(
                "a",
                java.util.Arrays.asList(1.0, -2500.0, true, false, null),
                "b",
                Map.of("c", "x\"yé\n"),
                "d",
                Map.of()));
  }

  @Test
  void keepsMemberOrder() {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) Json.parse("{\"z\":1,\"a\":2,\"m\":3}");
    assertThat(m.keySet()).containsExactly("z", "a", "m");
  }

  @Test
  void parsesEmptyArray() {
    assertThat(Json.parse(" [ ] ")).isEqualTo(List.of());
  }

  @Test
  void rejectsMalformedInput() {
    assertThatThrownBy(() -> Json.parse("{\"a\":1,}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset");
    assertThatThrownBy(() -> Json.parse("[1 2]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.parse("[1] x")).hasMessageContaining("trailing");
    assertThatThrownBy(() -> Json.parse("\"open")).hasMessageContaining("unexpected end");
  }
}
