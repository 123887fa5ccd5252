package io.trestle.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.trestle.db.model.MessageStatus;
import io.trestle.db.model.MessageWithHistory;
import io.trestle.db.model.NewMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * {@link MessageRepository#findManyWithHistory} reads, in one statement, what the per-id reads
 * return: the same row and history for each known id, nothing for unknown ids, one row for a
 * repeated id.
 */
class FindManyWithHistoryTest {

  private static final Duration T = Duration.ofSeconds(20);
  private static final HexFormat HEX = HexFormat.of();
  private final TestDatabase t = TestDatabase.INSTANCE;

  /** Stores {@code m} and moves it {@code steps} statuses along OBSERVED → COMMITTED → DELAYED. */
  private NewMessage stored(NewMessage m, int steps) {
    t.messages.observe(m, RepositoryTest.observation(m)).block(T);
    if (steps >= 1) {
      t.messages.transition(m.id(), MessageStatus.OBSERVED, MessageStatus.COMMITTED, null).block(T);
    }
    if (steps >= 2) {
      t.messages
          .transition(m.id(), MessageStatus.COMMITTED, MessageStatus.DELAYED, "over \"limit\", {x}")
          .block(T);
    }
    return m;
  }

  private static NewMessage withId(byte[] id) {
    NewMessage m = RepositoryTest.message(RepositoryTest.random(20));
    return new NewMessage(
        id,
        m.sourceChainId(),
        m.sourceGateway(),
        m.nonce(),
        m.sender(),
        m.destChainId(),
        m.recipient(),
        m.payload());
  }

  private Map<String, MessageWithHistory> findMany(List<byte[]> ids) {
    return t.messages.findManyWithHistory(ids).collectList().block(T).stream()
        .collect(Collectors.toMap(w -> HEX.formatHex(w.message().id()), w -> w));
  }

  @Test
  void everyKnownIdOnceAsItsPerIdReadsReturnIt() {
    List<NewMessage> known = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      known.add(stored(RepositoryTest.message(RepositoryTest.random(20)), i % 3));
    }
    List<byte[]> ids = new ArrayList<>();
    known.forEach(m -> ids.add(m.id()));
    ids.add(known.get(0).id().clone());
    ids.add(known.get(5).id().clone());
    for (int i = 0; i < 5; i++) {
      ids.add(RepositoryTest.random(32));
    }
    Collections.shuffle(ids, new Random(7));

    List<MessageWithHistory> rows = t.messages.findManyWithHistory(ids).collectList().block(T);

    assertThat(rows).hasSize(known.size());
    Map<String, MessageWithHistory> byId =
        rows.stream().collect(Collectors.toMap(w -> HEX.formatHex(w.message().id()), w -> w));
    for (NewMessage m : known) {
      MessageWithHistory many = byId.get(HEX.formatHex(m.id()));
      assertThat(many)
          .usingRecursiveComparison()
          .isEqualTo(t.messages.findWithHistory(m.id()).block(T));
      assertThat(many.message())
          .usingRecursiveComparison()
          .isEqualTo(t.messages.findById(m.id()).block(T));
      assertThat(many.history())
          .usingRecursiveFieldByFieldElementComparator()
          .isEqualTo(t.messages.historyOf(m.id()).collectList().block(T));
    }
    assertThat(byId.get(HEX.formatHex(known.get(2).id())).history().getLast().reason())
        .isEqualTo("over \"limit\", {x}");
  }

  @Test
  void idsSurviveTheArrayBinding() {
    // Bytes that array literals and bytea's escape format treat specially: NUL, backslash,
    // quote, braces, comma, space, and the high bytes.
    byte[] tricky = new byte[32];
    byte[] special = {0, '\\', '"', '{', '}', ',', ' ', 'x', (byte) 0x80, (byte) 0xff};
    byte[] random = RepositoryTest.random(32);
    for (int i = 0; i < 32; i++) {
      tricky[i] = i < special.length ? special[i] : random[i];
    }
    NewMessage m = stored(withId(tricky), 1);

    Map<String, MessageWithHistory> found = findMany(List.of(m.id()));

    assertThat(found).containsOnlyKeys(HEX.formatHex(tricky));
    assertThat(found.get(HEX.formatHex(tricky)).history()).hasSize(2);
  }

  @Test
  void noIdsAndOnlyUnknownIdsAreEmpty() {
    StepVerifier.create(t.messages.findManyWithHistory(List.of())).expectComplete().verify(T);
    StepVerifier.create(
            t.messages.findManyWithHistory(
                List.of(RepositoryTest.random(32), RepositoryTest.random(32))))
        .expectComplete()
        .verify(T);
  }

  @Test
  void twoHundredFiftySixIdsInOneStatement() {
    List<NewMessage> known = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      known.add(stored(RepositoryTest.message(RepositoryTest.random(20)), 0));
    }
    List<byte[]> ids = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      ids.add(i < known.size() ? known.get(i).id() : RepositoryTest.random(32));
    }

    assertThat(findMany(ids))
        .containsOnlyKeys(known.stream().map(m -> HEX.formatHex(m.id())).toList());
  }
}
