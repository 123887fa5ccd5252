package io.trestle.app.service;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs the node's status-changing database writes one at a time, in subscription order. Because
 * each write commits and publishes its changes before the next one starts, status-history ids are
 * assigned, committed and published in the same order: a change stream resumed from the database by
 * id and then followed live ({@code Last-Event-ID}) has no gap and no duplicate.
 *
 * <p>A write starts when its returned {@code Mono} is subscribed and then runs to its end even if
 * that subscriber cancels (a half-cancelled transaction would let the next write overtake it).
 */
final class WriteLane {

  private Mono<Void> tail = Mono.empty();

  /** {@code write}, run after every write subscribed before it has finished. */
  <T> Mono<T> submit(Mono<T> write) {
    return Mono.defer(
        () -> {
          Sinks.Empty<Void> done = Sinks.empty();
          Mono<Void> previous;
          synchronized (this) {
            previous = tail;
            tail = done.asMono();
          }
          Mono<T> run = previous.then(write).doFinally(signal -> done.tryEmitEmpty()).cache();
          run.subscribe(value -> {}, error -> {});
          return run;
        });
  }
}
