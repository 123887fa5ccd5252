package io.trestle.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.trestle.db.model.MessageRow;
import io.trestle.db.model.MessageStatus;
import io.trestle.db.model.MessageWithHistory;
import io.trestle.db.model.NewMessage;
import io.trestle.db.model.StatusChange;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** {@link MessageRepository#findWithHistory} reads what findById and historyOf read, in one go. */
class MessageWithHistoryTest {

  private static final Duration T = Duration.ofSeconds(20);
  private final TestDatabase t = TestDatabase.INSTANCE;

  @Test
  void equalsTheRowAndItsHistoryReadSeparately() {
    NewMessage m = RepositoryTest.message(RepositoryTest.random(20));
    t.messages.observe(m, RepositoryTest.observation(m)).block(T);
    t.messages.transition(m.id(), MessageStatus.OBSERVED, MessageStatus.COMMITTED, null).block(T);
    t.messages
        .transition(m.id(), MessageStatus.COMMITTED, MessageStatus.DELAYED, "held \"over\" limit")
        .block(T);

    MessageWithHistory both = t.messages.findWithHistory(m.id()).block(T);
    MessageRow row = t.messages.findById(m.id()).block(T);
    List<StatusChange> history = t.messages.historyOf(m.id()).collectList().block(T);

    assertThat(both.message()).usingRecursiveComparison().isEqualTo(row);
    assertThat(both.history())
        .hasSize(3)
        .usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(history);
    assertThat(both.history())
        .extracting(StatusChange::status)
        .containsExactly(MessageStatus.OBSERVED, MessageStatus.COMMITTED, MessageStatus.DELAYED);
    assertThat(both.history().get(0).reason()).isNull();
    assertThat(both.history().get(2).reason()).isEqualTo("held \"over\" limit");
    assertThat(both.history().get(2).at()).isEqualTo(history.get(2).at()).isNotNull();
  }

  @Test
  void unknownIdIsEmpty() {
    StepVerifier.create(t.messages.findWithHistory(RepositoryTest.random(32)))
        .expectComplete()
        .verify(T);
  }
}
