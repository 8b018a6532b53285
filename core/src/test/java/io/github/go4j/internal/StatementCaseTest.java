package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.Task;
import io.github.go4j.ThrowingBiConsumer;
import io.github.go4j.ThrowingBiFunction;
import io.github.go4j.ThrowingConsumer;
import io.github.go4j.ThrowingFunction;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Statement cases (the {@code ...Do} factories) keep the statement itself as the case's body, with
 * no function made around it, so that a select whose statement cases are built in its argument list
 * allocates nothing once escape analysis has removed the case objects (a wrapper around the body is
 * not removed: 16 bytes per case and select, measured before). The runners tell a statement from a
 * function by its type; a statement that is also a function of its kind (a class may be both) must
 * still run as the statement.
 */
class StatementCaseTest {
  private final Channel<Integer> ch = Channel.make(1);

  private static Object body(SelectCase<?> c) {
    return Case.of(c).body;
  }

  @Test
  void theStatementIsTheCasesBody() {
    ThrowingConsumer<Integer> recv = v -> {};
    ThrowingBiConsumer<Integer, Boolean> recvOk = (v, ok) -> {};
    Task task = () -> {};
    assertThat(body(ch.onReceiveDo(recv))).isSameAs(recv);
    assertThat(body(ch.onReceiveOkDo(recvOk))).isSameAs(recvOk);
    assertThat(body(ch.onSendDo(1, task))).isSameAs(task);
    assertThat(body(Select.onDefaultDo(task))).isSameAs(task);
    // and through the directional views
    assertThat(body(ch.receiveOnly().onReceiveDo(recv))).isSameAs(recv);
    assertThat(body(ch.receiveOnly().onReceiveOkDo(recvOk))).isSameAs(recvOk);
    assertThat(body(ch.sendOnly().onSendDo(1, task))).isSameAs(task);
  }

  @Test
  void nullArgumentsAreNamedAsBefore() {
    assertThatThrownBy(() -> ch.onSendDo(null, null)).hasMessage("body must not be null");
    assertThatThrownBy(() -> ch.onSendDo(null, () -> {}))
        .hasMessage("channel elements must not be null");
    assertThatThrownBy(() -> ch.onReceiveDo(null)).hasMessage("body must not be null");
    assertThatThrownBy(() -> ch.onReceiveOkDo(null)).hasMessage("body must not be null");
    assertThatThrownBy(() -> Select.onDefaultDo(null)).hasMessage("body must not be null");
  }

  @Test
  void statementCasesRunTheirStatementAndSelectNull() throws Exception {
    List<String> ran = new ArrayList<>();
    Channel<Integer> other = Channel.make(1);
    SelectCase<String> never = other.onReceive(v -> "other"); // never ready below
    assertThat(Select.select(ch.onSendDo(5, () -> ran.add("sent")), never)).isNull();
    assertThat(Select.select(ch.onReceiveDo(v -> ran.add("received " + v)), never)).isNull();
    ch.send(6);
    assertThat(Select.select(ch.onReceiveOkDo((v, ok) -> ran.add(v + " " + ok)), never)).isNull();
    assertThat(Select.select(never, Select.onDefaultDo(() -> ran.add("default")))).isNull();
    ch.close();
    assertThat(Select.select(ch.onReceiveDo(v -> ran.add("closed " + v)), never)).isNull();
    assertThat(Select.select(ch.onReceiveOkDo((v, ok) -> ran.add(v + " " + ok)), never)).isNull();
    assertThat(ran)
        .containsExactly("sent", "received 5", "6 true", "default", "closed null", "null false");
  }

  /** A receive statement that is also a receive function: the statement must run. */
  private static final class Both
      implements ThrowingConsumer<Integer>,
          ThrowingFunction<Integer, String>,
          ThrowingBiConsumer<Integer, Boolean>,
          ThrowingBiFunction<Integer, Boolean, String>,
          Task,
          Callable<String> {
    final List<String> ran = new ArrayList<>();

    @Override
    public void accept(Integer v) {
      ran.add("accept " + v);
    }

    @Override
    public String apply(Integer v) {
      ran.add("apply " + v);
      return "function";
    }

    @Override
    public void accept(Integer v, Boolean ok) {
      ran.add("accept " + v + " " + ok);
    }

    @Override
    public String apply(Integer v, Boolean ok) {
      ran.add("apply " + v + " " + ok);
      return "function";
    }

    @Override
    public void run() {
      ran.add("run");
    }

    @Override
    public String call() {
      ran.add("call");
      return "function";
    }
  }

  @Test
  void aStatementThatIsAlsoAFunctionRunsAsTheStatement() throws Exception {
    Both both = new Both();
    Channel<Integer> other = Channel.make(1);
    SelectCase<String> never = other.onReceive(v -> "other");
    assertThat(Select.<String>select(ch.onSendDo(1, both), never)).isNull();
    assertThat(Select.<String>select(ch.onReceiveDo(both), never)).isNull();
    ch.send(2);
    assertThat(Select.<String>select(ch.onReceiveOkDo(both), never)).isNull();
    assertThat(Select.<String>select(never, Select.onDefaultDo(both))).isNull();
    assertThat(both.ran).containsExactly("run", "accept 1", "accept 2 true", "run");
    // and the value-returning factories run it as the function
    both.ran.clear();
    assertThat(Select.<String>select(ch.onSend(3, both), never)).isEqualTo("function");
    assertThat(Select.<String>select(ch.onReceive(both), never)).isEqualTo("function");
    ch.send(4);
    assertThat(Select.<String>select(ch.onReceiveOk(both), never)).isEqualTo("function");
    assertThat(Select.<String>select(never, Select.onDefault(both))).isEqualTo("function");
    assertThat(both.ran).containsExactly("call", "apply 3", "apply 4 true", "call");
  }
}
