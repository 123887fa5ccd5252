package io.trestle.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A loader for {@link ReadCoalescer} whose statements complete only when the test says so. Each row
 * carries the statement that read it and the {@link #write() data version} current when the
 * statement was sent, as a database statement sees the writes committed before it started.
 */
final class FakeLoader implements Function<List<String>, Flux<FakeLoader.Row>> {

  /** What a statement read for {@code key}. */
  record Row(String key, int statement, int version) {}

  /** One statement the coalescer sent. */
  final class Statement {
    final int index;
    final List<String> keys;
    final int version;
    private final Sinks.Many<Row> rows = Sinks.many().unicast().onBackpressureBuffer();

    Statement(int index, List<String> keys, int version) {
      this.index = index;
      this.keys = List.copyOf(keys);
      this.version = version;
    }

    /** Completes with a row for each key but {@code missing}. */
    void answer(String... missing) {
      Set<String> absent = Set.of(missing);
      for (String key : keys) {
        if (!absent.contains(key)) {
          rows.tryEmitNext(new Row(key, index, version)).orThrow();
        }
      }
      rows.tryEmitComplete().orThrow();
    }

    void fail(Throwable error) {
      rows.tryEmitError(error).orThrow();
    }
  }

  private final List<Statement> sent = new ArrayList<>();
  private int version;

  @Override
  public synchronized Flux<Row> apply(List<String> keys) {
    Statement s = new Statement(sent.size(), keys, version);
    sent.add(s);
    return s.rows.asFlux();
  }

  /** A write committed now: statements sent from now on see it. */
  synchronized void write() {
    version++;
  }

  synchronized int sentCount() {
    return sent.size();
  }

  synchronized Statement statement(int index) {
    return sent.get(index);
  }
}
