package io.trestle.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.trestle.db.embedded.EmbeddedPostgres;
import io.trestle.db.model.BlockRow;
import io.trestle.db.model.CommittedLeaf;
import io.trestle.db.model.MessageFilter;
import io.trestle.db.model.MessageRow;
import io.trestle.db.model.MessageStatus;
import io.trestle.db.model.NewMessage;
import io.trestle.db.model.ObservationRow;
import io.trestle.db.model.StatusChange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class RepositoryTest {

  private static final Duration T = Duration.ofSeconds(20);
  private static final AtomicLong HEIGHT = new AtomicLong(1_000_000 + System.nanoTime() % 1000);

  private final TestDatabase t = TestDatabase.INSTANCE;

  static byte[] random(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  static NewMessage message(byte[] sender) {
    return new NewMessage(
        random(32),
        31337,
        random(20),
        ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
        sender,
        31338,
        random(20),
        new byte[] {1, 2, 3});
  }

  static ObservationRow observation(NewMessage m) {
    return new ObservationRow(
        m.id(), m.sourceChainId(), 10, random(32), random(32), 0, 12, Instant.now());
  }

  StatusChange observe(NewMessage m) {
    return t.messages.observe(m, observation(m)).block(T);
  }

  @Test
  void migrationsAreIdempotentAndEmbeddedServerIsReachable() {
    assertThat(t.pg.port()).isPositive();
    assertThat(
            DatabaseMigrations.migrate(
                t.pg.jdbcUrl(EmbeddedPostgres.DATABASE), EmbeddedPostgres.USER, ""))
        .isZero();
  }

  @Test
  void observeIsIdempotentAndStoresEveryField() {
    NewMessage m = message(random(20));
    StatusChange first = observe(m);
    assertThat(first.status()).isEqualTo(MessageStatus.OBSERVED);
    StepVerifier.create(t.messages.observe(m, observation(m))).expectComplete().verify(T);
    MessageRow row = t.messages.findById(m.id()).block(T);
    assertThat(row.sender()).isEqualTo(m.sender());
    assertThat(row.nonce()).isEqualTo(m.nonce());
    assertThat(row.payload()).containsExactly(1, 2, 3);
    assertThat(row.status()).isEqualTo(MessageStatus.OBSERVED);
    assertThat(row.blockHeight()).isNull();
    StepVerifier.create(t.messages.historyOf(m.id())).expectNextCount(1).verifyComplete();
  }

  @Test
  void pagesAreNewestFirstAndCursorContinuesWithoutOverlap() {
    byte[] sender = random(20);
    List<NewMessage> sent = List.of(message(sender), message(sender), message(sender));
    sent.forEach(this::observe);
    List<MessageRow> page1 =
        t.messages.find(new MessageFilter(null, sender, null, null, 2)).collectList().block(T);
    assertThat(page1)
        .extracting(MessageRow::id)
        .containsExactly(sent.get(2).id(), sent.get(1).id());
    List<MessageRow> page2 =
        t.messages
            .find(new MessageFilter(null, sender, null, page1.get(1).seq(), 2))
            .collectList()
            .block(T);
    assertThat(page2).extracting(MessageRow::id).containsExactly(sent.get(0).id());
    assertThat(
            t.messages
                .find(new MessageFilter(31337L, sender, MessageStatus.COMMITTED, null, 10))
                .collectList()
                .block(T))
        .isEmpty();
  }

  @Test
  void commitMovesMessagesAndIllegalTransitionsChangeNothing() {
    NewMessage m = message(random(20));
    observe(m);
    long height = HEIGHT.incrementAndGet();
    BlockRow block =
        new BlockRow(
            height,
            random(32),
            0,
            height,
            random(32),
            random(32),
            1,
            0,
            1L,
            new byte[] {9},
            new byte[] {8},
            null);
    List<StatusChange> changes =
        t.blocks
            .commit(block, List.of(new CommittedLeaf(m.id(), 0, new byte[] {7})))
            .collectList()
            .block(T);
    assertThat(changes).extracting(StatusChange::status).containsExactly(MessageStatus.COMMITTED);
    MessageRow row = t.messages.findById(m.id()).block(T);
    assertThat(row.blockHeight()).isEqualTo(height);
    assertThat(row.merklePath()).containsExactly(7);
    assertThat(t.blocks.latest().block(T).height()).isGreaterThanOrEqualTo(height);
    assertThat(t.blocks.messageIds(height).collectList().block(T)).containsExactly(m.id());

    // Not in OBSERVED any more: a second OBSERVED -> COMMITTED does nothing.
    StepVerifier.create(
            t.messages.transition(m.id(), MessageStatus.OBSERVED, MessageStatus.COMMITTED, null))
        .verifyComplete();
    StepVerifier.create(
            t.messages.transition(m.id(), MessageStatus.COMMITTED, MessageStatus.DELIVERED, null))
        .expectError(IllegalArgumentException.class)
        .verify(T);

    // Governor hold and release, then failure and retry.
    assertThat(
            t.deliveries
                .hold(m.id(), 31338, null, BigDecimal.TEN, Instant.now(), "over limit")
                .block(T)
                .status())
        .isEqualTo(MessageStatus.DELAYED);
    assertThat(t.messages.findById(m.id()).block(T).statusReason()).isEqualTo("over limit");
    assertThat(t.deliveries.release(m.id(), "admin").block(T).status())
        .isEqualTo(MessageStatus.COMMITTED);
    StepVerifier.create(t.deliveries.release(m.id(), "admin")).verifyComplete();
    t.messages.transition(m.id(), MessageStatus.COMMITTED, MessageStatus.ATTESTED, null).block(T);
    assertThat(t.deliveries.failed(m.id(), 31338, "reverted").block(T).reason())
        .isEqualTo("reverted");
    assertThat(t.deliveries.retry(m.id(), "admin").block(T).status())
        .isEqualTo(MessageStatus.ATTESTED);
    assertThat(t.deliveries.attempts(m.id()).block(T)).isEqualTo(1);
    assertThat(t.messages.historyOf(m.id()).map(StatusChange::status).collectList().block(T))
        .containsExactly(
            MessageStatus.OBSERVED,
            MessageStatus.COMMITTED,
            MessageStatus.DELAYED,
            MessageStatus.COMMITTED,
            MessageStatus.ATTESTED,
            MessageStatus.FAILED,
            MessageStatus.ATTESTED);
  }

  private static BlockRow block(long height, byte[] hash) {
    return new BlockRow(
        height,
        hash,
        0,
        height,
        random(32),
        random(32),
        1,
        0,
        1L,
        new byte[] {9},
        new byte[] {8},
        null);
  }

  @Test
  void contiguousHeightEndsAtTheFirstGapFromHeightOne() {
    // The only test storing heights below 1,000,000 (the others use HEIGHT).
    assertThat(t.blocks.contiguousHeight().block(T)).isZero();
    for (long h : new long[] {2, 3, 5}) {
      t.blocks.commit(block(h, random(32)), List.of()).blockLast(T);
    }
    assertThat(t.blocks.contiguousHeight().block(T)).as("no block 1").isZero();
    t.blocks.commit(block(1, random(32)), List.of()).blockLast(T);
    assertThat(t.blocks.contiguousHeight().block(T)).isEqualTo(3);
    t.blocks.commit(block(4, random(32)), List.of()).blockLast(T);
    assertThat(t.blocks.contiguousHeight().block(T)).isEqualTo(5);
  }

  @Test
  void conflictingBlockAtAStoredHeightLeavesNoTrace() {
    NewMessage m = message(random(20));
    observe(m);
    long height = HEIGHT.incrementAndGet();
    t.blocks.commit(block(height, random(32)), List.of()).blockLast(T);
    // Another block at the same height: refused as a fork, so the message must stay OBSERVED.
    StepVerifier.create(
            t.blocks.commit(
                block(height, random(32)), List.of(new CommittedLeaf(m.id(), 0, new byte[] {1}))))
        .expectError(ConflictingBlockException.class)
        .verify(T);
    assertThat(t.messages.findById(m.id()).block(T).status()).isEqualTo(MessageStatus.OBSERVED);
  }

  @Test
  void repeatedCommitOfTheSameBlockOnlyCompletesWhatIsMissing() {
    NewMessage a = message(random(20));
    NewMessage b = message(random(20));
    observe(a);
    long height = HEIGHT.incrementAndGet();
    BlockRow blk = block(height, random(32));
    assertThat(
            t.blocks
                .commit(blk, List.of(new CommittedLeaf(a.id(), 0, new byte[] {1})))
                .collectList()
                .block(T))
        .hasSize(1);
    // Replayed after a restart, now with b observed: a is untouched, b is committed.
    observe(b);
    List<StatusChange> again =
        t.blocks
            .commit(
                blk,
                List.of(
                    new CommittedLeaf(a.id(), 0, new byte[] {1}),
                    new CommittedLeaf(b.id(), 1, new byte[] {2})))
            .collectList()
            .block(T);
    assertThat(again).extracting(StatusChange::messageId).containsExactly(b.id());
    assertThat(t.messages.historyOf(a.id()).collectList().block(T)).hasSize(2);
  }

  @Test
  void committedMessageThisNodeNeverObservedIsRecordedFromTheBlock() {
    NewMessage m = message(random(20));
    long height = HEIGHT.incrementAndGet();
    List<StatusChange> changes =
        t.blocks
            .commit(
                block(height, random(32)), List.of(new CommittedLeaf(m.id(), 0, new byte[] {3}, m)))
            .collectList()
            .block(T);
    assertThat(changes)
        .extracting(StatusChange::status)
        .containsExactly(MessageStatus.OBSERVED, MessageStatus.COMMITTED);
    assertThat(changes.getFirst().reason()).isEqualTo("first seen in block " + height);
    MessageRow row = t.messages.findById(m.id()).block(T);
    assertThat(row.status()).isEqualTo(MessageStatus.COMMITTED);
    assertThat(row.sender()).isEqualTo(m.sender());
    assertThat(row.blockHeight()).isEqualTo(height);
    // The node's own observation arriving late adds evidence, no status change.
    StepVerifier.create(t.messages.observe(m, observation(m))).expectComplete().verify(T);
  }

  @Test
  void historyAfterResumesInIdOrder() {
    NewMessage m = message(random(20));
    StatusChange first = observe(m);
    t.blocks
        .commit(
            block(HEIGHT.incrementAndGet(), random(32)),
            List.of(new CommittedLeaf(m.id(), 0, new byte[] {1})))
        .blockLast(T);
    List<StatusChange> after = t.messages.historyAfter(first.id() - 1, 1000).collectList().block(T);
    assertThat(after.getFirst().id()).isEqualTo(first.id());
    assertThat(after).extracting(StatusChange::id).isSorted();
    assertThat(after.stream().filter(c -> java.util.Arrays.equals(c.messageId(), m.id())))
        .extracting(StatusChange::status)
        .containsExactly(MessageStatus.OBSERVED, MessageStatus.COMMITTED);
    assertThat(t.messages.historyAfter(first.id() - 1, 1).collectList().block(T)).hasSize(1);
  }

  @Test
  void deliverySuccessRecordsTheTransaction() {
    NewMessage m = message(random(20));
    observe(m);
    t.blocks
        .commit(
            block(HEIGHT.incrementAndGet(), random(32)),
            List.of(new CommittedLeaf(m.id(), 0, new byte[] {1})))
        .blockLast(T);
    t.messages.transition(m.id(), MessageStatus.COMMITTED, MessageStatus.ATTESTED, null).block(T);
    assertThat(t.deliveries.succeeded(m.id(), 31338, random(32)).block(T).status())
        .isEqualTo(MessageStatus.DELIVERED);
    assertThat(t.deliveries.attempts(m.id()).block(T)).isEqualTo(1);
    StepVerifier.create(t.deliveries.succeeded(m.id(), 31338, null)).expectComplete().verify(T);
  }

  @Test
  void chainsRegisterAdvanceAndPause() {
    long chain = 900_000 + ThreadLocalRandom.current().nextInt(100_000);
    t.chains.register(chain, "test").block(T);
    t.chains.advance(chain, 100, 88, null).block(T);
    t.chains.advance(chain, 90, 80, random(32)).block(T);
    assertThat(t.chains.setPaused(chain, true).block(T)).isTrue();
    assertThat(t.chains.setPaused(-1, true).block(T)).isFalse();
    var row = t.chains.find(chain).block(T);
    assertThat(row.head()).isEqualTo(100);
    assertThat(row.confirmedHeight()).isEqualTo(88);
    assertThat(row.paused()).isTrue();
  }
}
