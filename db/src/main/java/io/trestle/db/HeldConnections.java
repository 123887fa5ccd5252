package io.trestle.db;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.r2dbc.spi.ValidationDepth;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Connections kept open for statements whose concurrency the caller bounds (the by-id reads of a
 * {@link ReadCoalescer}: at most its {@code maxInFlight}): a statement takes an idle connection, or
 * opens one, and gives it back when done. Unlike a pool it keeps no acquire timers, no idle
 * eviction and no wrapper per connection, whose cost a statement of a few index lookups would
 * notice; the caller's bound is the size limit.
 *
 * <p>A connection whose socket is closed (checked before each use, as a pool's local validation
 * does) or whose statement failed or was cancelled is closed, never reused; the next statement
 * opens a fresh one.
 *
 * <p>A statement that fails on its connection's account (a resource error: the server ended the
 * session, a restart, a cut socket) before it produced a row runs once more on a newly opened
 * connection: a held connection can die at any time between two uses, and the one statement of a
 * coalesced read serves many requests. The statements run here must therefore be safe to repeat
 * (reads). Thread-safe.
 */
public final class HeldConnections implements AutoCloseable {

  private final ConnectionFactory factory;
  private final Function<Connection, Mono<Void>> init;
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private volatile boolean closed;

  /**
   * @param factory opens a connection (not a pool: these are kept)
   * @param init run once on each new connection before its first statement (session settings)
   */
  public HeldConnections(ConnectionFactory factory, Function<Connection, Mono<Void>> init) {
    this.factory = Objects.requireNonNull(factory);
    this.init = Objects.requireNonNull(init);
  }

  /**
   * Runs {@code statement} on a held connection; the connection is held again after it. Retried
   * once on a new connection after a connection failure with no row emitted yet.
   */
  public <T> Flux<T> run(Function<Connection, Flux<T>> statement) {
    return Flux.defer(
        () -> {
          AtomicBoolean emitted = new AtomicBoolean();
          return on(take(), statement)
              .doOnNext(row -> emitted.set(true))
              .onErrorResume(
                  e -> !emitted.get() && isConnectionFailure(e),
                  e -> {
                    retried.incrementAndGet();
                    return on(Mono.defer(() -> closed ? refuse() : open()), statement);
                  });
        });
  }

  private <T> Flux<T> on(Mono<Connection> connection, Function<Connection, Flux<T>> statement) {
    return Flux.usingWhen(
        connection, statement, this::giveBack, (c, error) -> discard(c), this::discard);
  }

  /**
   * An error of the connection rather than of the statement: r2dbc-postgresql reports a closed
   * connection and the SQLSTATEs it does not classify otherwise (08 connection exception, 57P01
   * admin shutdown, ...) as resource errors; a bad statement or bad data is not one.
   */
  static boolean isConnectionFailure(Throwable e) {
    return e instanceof R2dbcNonTransientResourceException
        || e instanceof R2dbcTransientResourceException;
  }

  /** Connections opened so far (replacements included), for tests and metrics. */
  public long opened() {
    return opened.get();
  }

  /** Statements run again after a connection failure. */
  public long retried() {
    return retried.get();
  }

  /** Connections idle now. */
  public int idle() {
    return idle.size();
  }

  /** Closes the idle connections; one in use is closed when its statement ends. */
  @Override
  public void close() {
    closed = true;
    Connection c;
    while ((c = idle.poll()) != null) {
      discard(c).subscribe();
    }
  }

  private Mono<Connection> take() {
    return Mono.defer(
        () -> {
          if (closed) {
            return refuse();
          }
          Connection c = idle.poll();
          if (c == null) {
            return open();
          }
          return Mono.from(c.validate(ValidationDepth.LOCAL))
              .flatMap(open -> open ? Mono.just(c) : discard(c).then(open()));
        });
  }

  private static Mono<Connection> refuse() {
    return Mono.error(new IllegalStateException("the by-id read connections are closed"));
  }

  private Mono<Connection> open() {
    return Mono.from(factory.create())
        .doOnNext(c -> opened.incrementAndGet())
        .flatMap(
            c -> init.apply(c).thenReturn(c).onErrorResume(e -> discard(c).then(Mono.error(e))));
  }

  private Mono<Void> giveBack(Connection c) {
    if (closed) {
      return discard(c);
    }
    idle.offer(c);
    // close() may have drained the queue just before the offer.
    if (closed && idle.remove(c)) {
      return discard(c);
    }
    return Mono.empty();
  }

  private Mono<Void> discard(Connection c) {
    return Mono.from(c.close()).onErrorResume(e -> Mono.empty());
  }
}
