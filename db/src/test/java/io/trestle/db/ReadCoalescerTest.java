package io.trestle.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trestle.db.FakeLoader.Row;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * {@link ReadCoalescer} against a {@link FakeLoader}: statements complete only when a test says so,
 * so every interleaving here is deterministic (the concurrent one is in {@link
 * ReadCoalescerConcurrencyTest}).
 */
class ReadCoalescerTest {

  private static final Duration T = Duration.ofSeconds(5);
  private final FakeLoader loader = new FakeLoader();

  private ReadCoalescer<String, Row> coalescer(int maxInFlight, int maxBatch) {
    return new ReadCoalescer<>(loader, Row::key, maxInFlight, maxBatch);
  }

  @Test
  void aLoneRequestIsSentAtOnceAsItsOwnStatement() {
    var coalescer = coalescer(2, 256);
    PendingRead a = new PendingRead(coalescer, "a");

    assertThat(loader.sentCount()).isEqualTo(1);
    assertThat(loader.statement(0).keys).containsExactly("a");
    loader.statement(0).answer();
    assertThat(a.row()).isEqualTo(new Row("a", 0, 0));
    assertThat(coalescer.batchesSent()).isEqualTo(1);
    assertThat(coalescer.keysSent()).isEqualTo(1);
  }

  @Test
  void requestsWhileEveryStatementIsInFlightWaitAndGoTogetherWhenOneCompletes() {
    var coalescer = coalescer(2, 256);
    PendingRead a = new PendingRead(coalescer, "a");
    PendingRead b = new PendingRead(coalescer, "b");
    List<PendingRead> queued =
        List.of("c", "d", "e").stream().map(k -> new PendingRead(coalescer, k)).toList();
    assertThat(loader.sentCount()).isEqualTo(2);
    assertThat(queued).allMatch(PendingRead::pending);

    loader.statement(1).answer();

    assertThat(b.row().statement()).isEqualTo(1);
    assertThat(a.pending()).isTrue();
    assertThat(loader.sentCount()).isEqualTo(3);
    assertThat(loader.statement(2).keys).containsExactly("c", "d", "e");
    loader.statement(2).answer();
    assertThat(queued).extracting(w -> w.row().statement()).containsOnly(2);
    assertThat(queued).extracting(w -> w.row().key()).containsExactly("c", "d", "e");
    loader.statement(0).answer();
    assertThat(a.row().statement()).isZero();
    assertThat(coalescer.batchesSent()).isEqualTo(3);
    assertThat(coalescer.keysSent()).isEqualTo(5);
  }

  @Test
  void aRequestNeverJoinsAStatementAlreadyInFlight() {
    var coalescer = coalescer(1, 256);
    PendingRead before = new PendingRead(coalescer, "a");
    loader.write();
    // Statement 0 for "a" started before the write; this request, which comes after the write
    // completed, must see it, so it waits for a statement of its own.
    PendingRead after = new PendingRead(coalescer, "a");

    loader.statement(0).answer();

    assertThat(before.row()).isEqualTo(new Row("a", 0, 0));
    assertThat(after.pending()).isTrue();
    assertThat(loader.statement(1).keys).containsExactly("a");
    loader.statement(1).answer();
    assertThat(after.row()).isEqualTo(new Row("a", 1, 1));
  }

  @Test
  void aRequestBelowTheLimitGetsANewStatementEvenForAnIdInFlight() {
    var coalescer = coalescer(2, 256);
    PendingRead before = new PendingRead(coalescer, "a");
    loader.write();
    PendingRead after = new PendingRead(coalescer, "a");

    assertThat(loader.sentCount()).isEqualTo(2);
    loader.statement(1).answer();
    loader.statement(0).answer();
    assertThat(before.row().version()).isZero();
    assertThat(after.row()).isEqualTo(new Row("a", 1, 1));
  }

  @Test
  void aRepeatedIdIsSentOnceAndEveryWaiterGetsTheRow() {
    var coalescer = coalescer(1, 256);
    new PendingRead(coalescer, "x");
    List<PendingRead> waiters =
        List.of("a", "b", "a", "a").stream().map(k -> new PendingRead(coalescer, k)).toList();

    loader.statement(0).answer();
    assertThat(loader.statement(1).keys).containsExactly("a", "b");
    loader.statement(1).answer();

    assertThat(waiters)
        .extracting(PendingRead::row)
        .containsExactly(
            new Row("a", 1, 0), new Row("b", 1, 0), new Row("a", 1, 0), new Row("a", 1, 0));
    assertThat(coalescer.keysSent()).isEqualTo(3);
  }

  @Test
  void aMissingIdCompletesItsWaitersEmpty() {
    var coalescer = coalescer(1, 256);
    PendingRead x = new PendingRead(coalescer, "x");
    PendingRead a = new PendingRead(coalescer, "a");
    PendingRead b1 = new PendingRead(coalescer, "b");
    PendingRead b2 = new PendingRead(coalescer, "b");

    loader.statement(0).answer("x");
    loader.statement(1).answer("b");

    assertThat(x.empty()).isTrue();
    assertThat(a.row().key()).isEqualTo("a");
    assertThat(b1.empty()).isTrue();
    assertThat(b2.empty()).isTrue();
  }

  @Test
  void aFailedStatementFailsEveryWaiterOfItsBatchAndTheNextBatchIsStillSent() {
    var coalescer = coalescer(1, 256);
    new PendingRead(coalescer, "x");
    PendingRead a = new PendingRead(coalescer, "a");
    PendingRead b = new PendingRead(coalescer, "b");
    loader.statement(0).answer();
    PendingRead c = new PendingRead(coalescer, "c");

    IllegalStateException boom = new IllegalStateException("connection reset");
    loader.statement(1).fail(boom);

    assertThat(a.error()).isSameAs(boom);
    assertThat(b.error()).isSameAs(boom);
    assertThat(loader.statement(2).keys).containsExactly("c");
    loader.statement(2).answer();
    assertThat(c.row().key()).isEqualTo("c");
    PendingRead d = new PendingRead(coalescer, "d");
    assertThat(loader.sentCount()).isEqualTo(4);
    loader.statement(3).answer();
    assertThat(d.row().key()).isEqualTo("d");
  }

  @Test
  void aLoaderThatThrowsFailsTheBatchAndFreesTheSlot() {
    RuntimeException boom = new RuntimeException("bad statement");
    var coalescer =
        new ReadCoalescer<String, Row>(
            keys -> {
              if (keys.contains("bad")) {
                throw boom;
              }
              return Flux.fromIterable(keys).map(k -> new Row(k, -1, 0));
            },
            Row::key,
            1,
            256);

    StepVerifier.create(coalescer.get("bad")).expectErrorMatches(e -> e == boom).verify(T);
    StepVerifier.create(coalescer.get("good"))
        .expectNext(new Row("good", -1, 0))
        .expectComplete()
        .verify(T);
  }

  @Test
  void aCancelledWaiterIsDroppedAndAnIdNoOneWaitsForIsNotSent() {
    var coalescer = coalescer(1, 256);
    PendingRead x = new PendingRead(coalescer, "x");
    PendingRead a = new PendingRead(coalescer, "a");
    PendingRead b1 = new PendingRead(coalescer, "b");
    PendingRead b2 = new PendingRead(coalescer, "b");
    a.cancel();
    b1.cancel();
    x.cancel();

    loader.statement(0).answer();
    assertThat(x.pending()).isTrue();
    assertThat(loader.statement(1).keys).containsExactly("b");
    loader.statement(1).answer();
    assertThat(a.pending()).isTrue();
    assertThat(b1.pending()).isTrue();
    assertThat(b2.row().key()).isEqualTo("b");
  }

  @Test
  void whenEveryQueuedWaiterCancelsNothingIsSentAndTheSlotIsFree() {
    var coalescer = coalescer(1, 256);
    new PendingRead(coalescer, "x");
    new PendingRead(coalescer, "a").cancel();
    new PendingRead(coalescer, "b").cancel();

    loader.statement(0).answer();
    assertThat(loader.sentCount()).isEqualTo(1);
    PendingRead c = new PendingRead(coalescer, "c");
    assertThat(loader.sentCount()).isEqualTo(2);
    loader.statement(1).answer();
    assertThat(c.row().key()).isEqualTo("c");
  }

  @Test
  void aBatchHoldsAtMostMaxBatchIdsAndTheRestWaitInArrivalOrder() {
    var coalescer = coalescer(1, 3);
    new PendingRead(coalescer, "x");
    List<PendingRead> waiters =
        List.of("k1", "k2", "k3", "k4", "k2", "k5", "k6", "k7").stream()
            .map(k -> new PendingRead(coalescer, k))
            .toList();

    loader.statement(0).answer();
    assertThat(loader.statement(1).keys).containsExactly("k1", "k2", "k3");
    assertThat(loader.sentCount()).isEqualTo(2);
    loader.statement(1).answer();
    assertThat(loader.statement(2).keys).containsExactly("k4", "k5", "k6");
    loader.statement(2).answer();
    assertThat(loader.statement(3).keys).containsExactly("k7");
    loader.statement(3).answer();

    assertThat(waiters)
        .extracting(w -> w.row().key() + "@" + w.row().statement())
        .containsExactly("k1@1", "k2@1", "k3@1", "k4@2", "k2@1", "k5@2", "k6@2", "k7@3");
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> coalescer(0, 256)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> coalescer(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
