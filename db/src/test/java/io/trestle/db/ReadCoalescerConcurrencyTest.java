package io.trestle.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.trestle.db.FakeLoader.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Many threads read through one {@link ReadCoalescer} whose statements complete on other threads
 * after a random delay, some waiters cancelling at once: every waiter that stays gets exactly the
 * row of its own id (or empty for an unknown id), and the limits hold.
 */
class ReadCoalescerConcurrencyTest {

  private static final int THREADS = 8;
  private static final int REQUESTS_PER_THREAD = 3_000;
  private static final int OUTSTANDING_PER_THREAD = 8;
  private static final int MAX_IN_FLIGHT = 2;
  private static final int MAX_BATCH = 16;

  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final Queue<List<String>> batches = new ConcurrentLinkedQueue<>();

  /** Rows for every id but those starting "unknown", after up to 200 µs, on a timer thread. */
  private Flux<Row> load(List<String> ids) {
    return Flux.defer(
        () -> {
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          batches.add(ids);
          long delayNanos = new SplittableRandom(ids.hashCode()).nextLong(200_000);
          return Mono.delay(Duration.ofNanos(delayNanos))
              .thenMany(Flux.fromIterable(ids))
              .filter(id -> !id.startsWith("unknown"))
              .map(id -> new Row(id, 0, 0))
              // Before the coalescer sees the end and sends its next batch.
              .doOnTerminate(inFlight::decrementAndGet);
        });
  }

  @Test
  void everyWaiterGetsItsOwnRowAndTheLimitsHold() throws InterruptedException {
    var coalescer = new ReadCoalescer<String, Row>(this::load, Row::key, MAX_IN_FLIGHT, MAX_BATCH);
    AtomicInteger wrong = new AtomicInteger();
    AtomicInteger cancelled = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(THREADS * REQUESTS_PER_THREAD);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      SplittableRandom random = new SplittableRandom(t);
      threads.add(
          Thread.ofPlatform().start(() -> requests(coalescer, random, wrong, cancelled, done)));
    }
    for (Thread t : threads) {
      t.join();
    }

    assertThat(done.await(60, TimeUnit.SECONDS)).as("every waiter completed").isTrue();
    assertThat(wrong).hasValue(0);
    assertThat(cancelled.get()).isPositive();
    assertThat(mostInFlight.get()).isBetween(1, MAX_IN_FLIGHT);
    long keys = 0;
    for (List<String> batch : batches) {
      assertThat(batch).hasSizeBetween(1, MAX_BATCH);
      assertThat(new HashSet<>(batch)).hasSameSizeAs(batch);
      keys += batch.size();
    }
    assertThat(coalescer.batchesSent()).isEqualTo(batches.size());
    assertThat(coalescer.keysSent()).isEqualTo(keys);
    assertThat(keys).as("some batches held several ids").isGreaterThan(batches.size());
  }

  private static void requests(
      ReadCoalescer<String, Row> coalescer,
      SplittableRandom random,
      AtomicInteger wrong,
      AtomicInteger cancelled,
      CountDownLatch done) {
    Semaphore outstanding = new Semaphore(OUTSTANDING_PER_THREAD);
    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
      outstanding.acquireUninterruptibly();
      int n = random.nextInt(200);
      boolean known = n < 180;
      String id = (known ? "id-" : "unknown-") + n;
      boolean cancel = random.nextInt(10) == 0;
      AtomicBoolean gotRow = new AtomicBoolean();
      var subscription =
          coalescer
              .get(id)
              .doFinally(
                  signal -> {
                    outstanding.release();
                    done.countDown();
                  })
              .subscribe(
                  row -> {
                    gotRow.set(true);
                    if (!row.key().equals(id)) {
                      wrong.incrementAndGet();
                    }
                  },
                  error -> wrong.incrementAndGet(),
                  () -> {
                    if (gotRow.get() != known) {
                      wrong.incrementAndGet();
                    }
                  });
      if (cancel) {
        subscription.dispose();
        cancelled.incrementAndGet();
      }
    }
  }
}
