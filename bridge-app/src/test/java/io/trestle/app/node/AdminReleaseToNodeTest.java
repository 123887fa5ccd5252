package io.trestle.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.trestle.app.ApiTestBase;
import io.trestle.app.ports.NodeControl;
import io.trestle.db.model.MessageRow;
import io.trestle.db.model.NewMessage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** With a node running, admin release and pause reach the node after the database. */
@Import(AdminReleaseToNodeTest.Recording.class)
class AdminReleaseToNodeTest extends ApiTestBase {

  @TestConfiguration
  static class Recording {
    final List<String> released = new CopyOnWriteArrayList<>();
    final List<String> pauses = new CopyOnWriteArrayList<>();
    final List<String> retried = new CopyOnWriteArrayList<>();

    @Bean
    NodeControl nodeControl() {
      return new NodeControl() {
        @Override
        public boolean release(byte[] id) {
          return released.add(hex(id));
        }

        @Override
        public boolean retry(MessageRow message) {
          return retried.add(hex(message.id()));
        }

        @Override
        public int setPaused(long chainId, boolean paused) {
          pauses.add((paused ? "pause " : "resume ") + chainId);
          return 0;
        }
      };
    }
  }

  @Autowired Recording node;

  @Test
  void releaseReachesTheNodeAfterTheDatabase() {
    NewMessage m = observe(31337, random(20));
    commit(List.of(m));
    ledger.delayed(m.id(), 31338, null, BigDecimal.TEN, Instant.now().plusSeconds(3600)).block(T);
    client
        .post()
        .uri("/admin/v1/messages/" + hex(m.id()) + "/release")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk();
    assertThat(node.released).containsExactly(hex(m.id()));
    // Not held any more: 409, and the node is not asked again.
    client
        .post()
        .uri("/admin/v1/messages/" + hex(m.id()) + "/release")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isEqualTo(409);
    assertThat(node.released).hasSize(1);
  }

  @Test
  void pauseAndUnpauseReachTheNodeOnlyForAKnownChain() {
    for (String action : List.of("pause", "unpause")) {
      client
          .post()
          .uri("/admin/v1/chains/31337/" + action)
          .header("Authorization", "Bearer " + TOKEN)
          .exchange()
          .expectStatus()
          .isOk();
    }
    client
        .post()
        .uri("/admin/v1/chains/999999/pause")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isNotFound();
    assertThat(node.pauses).containsExactly("pause 31337", "resume 31337");
  }

  @Test
  void retryOfAFailedMessageReachesTheNodeWithTheStoredMessage() {
    NewMessage m = observe(31337, random(20));
    commit(List.of(m));
    ledger.attested(m.id()).block(T);
    ledger.failed(m.id(), 31338, "execution reverted").block(T);
    client
        .post()
        .uri("/admin/v1/messages/" + hex(m.id()) + "/retry")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk();
    assertThat(node.retried).containsExactly(hex(m.id()));
    // No longer FAILED: 409, and the node is not asked again.
    client
        .post()
        .uri("/admin/v1/messages/" + hex(m.id()) + "/retry")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isEqualTo(409);
    assertThat(node.retried).hasSize(1);
  }
}
