package io.trestle.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.trestle.db.FakeLoader.Row;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;

/**
 * A subscribed {@link ReadCoalescer#get}: pending until it completes with a row, empty or an error.
 */
final class PendingRead {

  private static final Object EMPTY = new Object();
  private final AtomicReference<Object> outcome = new AtomicReference<>();
  private final Disposable subscription;

  PendingRead(ReadCoalescer<String, Row> coalescer, String key) {
    subscription =
        coalescer
            .get(key)
            .subscribe(outcome::set, outcome::set, () -> outcome.compareAndSet(null, EMPTY));
  }

  boolean pending() {
    return outcome.get() == null;
  }

  boolean empty() {
    return outcome.get() == EMPTY;
  }

  Row row() {
    assertThat(outcome.get()).isInstanceOf(Row.class);
    return (Row) outcome.get();
  }

  Throwable error() {
    assertThat(outcome.get()).isInstanceOf(Throwable.class);
    return (Throwable) outcome.get();
  }

  void cancel() {
    subscription.dispose();
  }
}
