package io.trestle.db;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Reads by key that share statements under load: at most {@code maxInFlight} statements run at
 * once; a request arriving while fewer run is sent at once as a statement of its own (no added
 * latency when idle), otherwise it waits with the other requests that arrived meanwhile, and they
 * go as one statement of up to {@code maxBatch} distinct keys when a running statement completes.
 * The cost of a statement (driver, pool, the database's per-statement work) is then shared by every
 * request it serves.
 *
 * <p><b>Read-your-writes.</b> A request only ever joins a batch that has not been sent yet, never a
 * statement in flight: that statement may have started before a write that completed before the
 * request arrived, and would answer with what preceded the write. A statement sent after the
 * request arrived starts after every write completed by then, so it sees them (each statement of
 * PostgreSQL's READ COMMITTED takes its snapshot when it starts).
 *
 * <p>Thread-safe and non-blocking: {@link #get} may be called from any thread; the state is guarded
 * by one lock held only to update it, never while calling the loader or a waiter. Statements are
 * subscribed with an empty Reactor context, so they run outside any caller's transaction; waiters
 * complete on the thread that completes their statement.
 *
 * @param <K> key, compared by {@code equals}
 * @param <V> a loaded row, which names its key ({@code keyOf})
 */
public final class ReadCoalescer<K, V> {

  private final Function<List<K>, Flux<V>> load;
  private final Function<V, K> keyOf;
  private final int maxInFlight;
  private final int maxBatch;

  private final Object lock = new Object();
  // Guarded by lock. Waiters by key in arrival order, not sent yet; non-empty only while
  // maxInFlight statements are in flight (a freed slot takes the queue at once).
  private final LinkedHashMap<K, List<MonoSink<V>>> queued = new LinkedHashMap<>();
  private int inFlight;

  private final LongAdder batchesSent = new LongAdder();
  private final LongAdder keysSent = new LongAdder();

  /**
   * @param load one statement for the given distinct keys: a row for each key found, in any order,
   *     none for a key not found; an error fails every request of the batch
   * @param keyOf the key of a loaded row
   * @param maxInFlight most statements at once (at least 1)
   * @param maxBatch most distinct keys in one statement (at least 1)
   */
  public ReadCoalescer(
      Function<List<K>, Flux<V>> load, Function<V, K> keyOf, int maxInFlight, int maxBatch) {
    if (maxInFlight < 1 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "maxInFlight and maxBatch must be at least 1: " + maxInFlight + ", " + maxBatch);
    }
    this.load = Objects.requireNonNull(load);
    this.keyOf = Objects.requireNonNull(keyOf);
    this.maxInFlight = maxInFlight;
    this.maxBatch = maxBatch;
  }

  /**
   * The row of {@code key}, or empty when the statement that reads it finds none; fails when that
   * statement fails. Sent on subscription; cancelling drops this request (a key no request waits
   * for any more is not sent, a statement in flight runs to its end).
   */
  public Mono<V> get(K key) {
    Objects.requireNonNull(key);
    return Mono.create(waiter -> arrive(key, waiter));
  }

  /** Statements sent so far. */
  public long batchesSent() {
    return batchesSent.sum();
  }

  /** Keys sent so far, summed over statements ({@code keysSent / batchesSent}: mean batch). */
  public long keysSent() {
    return keysSent.sum();
  }

  private void arrive(K key, MonoSink<V> waiter) {
    boolean sendNow;
    synchronized (lock) {
      sendNow = inFlight < maxInFlight;
      if (sendNow) {
        inFlight++;
      } else {
        queued.computeIfAbsent(key, k -> new ArrayList<>(1)).add(waiter);
      }
    }
    if (sendNow) {
      send(Map.of(key, List.of(waiter)));
    } else {
      // Runs at once if the waiter was cancelled already.
      waiter.onCancel(() -> leave(key, waiter));
    }
  }

  /** Removes a cancelled waiter if it is still queued, and its key if no one else waits for it. */
  private void leave(K key, MonoSink<V> waiter) {
    synchronized (lock) {
      List<MonoSink<V>> waiters = queued.get(key);
      if (waiters != null && waiters.removeIf(w -> w == waiter) && waiters.isEmpty()) {
        queued.remove(key);
      }
    }
  }

  private void send(Map<K, List<MonoSink<V>>> batch) {
    batchesSent.increment();
    keysSent.add(batch.size());
    List<K> keys = List.copyOf(batch.keySet());
    // Signals of one subscription are serial (Reactive Streams §1.3), so a plain map will do.
    Map<K, V> rows = new HashMap<>();
    Flux.defer(() -> load.apply(keys))
        .subscribe(
            row -> rows.put(keyOf.apply(row), row),
            error -> finish(batch, rows, error),
            () -> finish(batch, rows, null));
  }

  private void finish(Map<K, List<MonoSink<V>>> batch, Map<K, V> rows, Throwable error) {
    Map<K, List<MonoSink<V>>> next = null;
    synchronized (lock) {
      if (queued.isEmpty()) {
        inFlight--;
      } else {
        next = takeQueued();
      }
    }
    // The next statement goes first, so the database works on it while these waiters are served.
    if (next != null) {
      send(next);
    }
    batch.forEach(
        (key, waiters) -> {
          V row = rows.get(key);
          for (MonoSink<V> waiter : waiters) {
            if (error != null) {
              waiter.error(error);
            } else {
              waiter.success(row);
            }
          }
        });
  }

  /** The first {@code maxBatch} queued keys with their waiters, taken off the queue. */
  private Map<K, List<MonoSink<V>>> takeQueued() {
    Map<K, List<MonoSink<V>>> batch = new LinkedHashMap<>();
    Iterator<Map.Entry<K, List<MonoSink<V>>>> it = queued.entrySet().iterator();
    while (it.hasNext() && batch.size() < maxBatch) {
      Map.Entry<K, List<MonoSink<V>>> e = it.next();
      batch.put(e.getKey(), e.getValue());
      it.remove();
    }
    return batch;
  }
}
