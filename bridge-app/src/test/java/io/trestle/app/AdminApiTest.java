package io.trestle.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.trestle.db.AuditLogRepository;
import io.trestle.db.model.AuditEntry;
import io.trestle.db.model.NewMessage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

class AdminApiTest extends ApiTestBase {

  @Autowired AuditLogRepository audit;

  private List<AuditEntry> auditOf(String target) {
    return audit.findByTargetOrderByIdDesc(target).collectList().block(T);
  }

  @Test
  void withoutOrWithWrongTokenIs401ProblemAndNothingChanges() {
    client
        .post()
        .uri("/admin/v1/chains/31338/pause")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .valueEquals("WWW-Authenticate", "Bearer realm=\"trestle-admin\"")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://trestle.dev/problems/unauthorized");
    client
        .post()
        .uri("/admin/v1/chains/31338/pause")
        .header("Authorization", "Bearer " + TOKEN + "x")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("the bearer token is not the admin token");
    client
        .get()
        .uri("/v1/chains")
        .exchange()
        .expectBody()
        .jsonPath("$.chains[?(@.chainId == '31338')].paused")
        .isEqualTo(List.of(false));
  }

  @Test
  void pauseAndUnpauseAreAppliedAndAudited() {
    client
        .post()
        .uri("/admin/v1/chains/31337/pause")
        .header("Authorization", "Bearer " + TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"reason\":\"incident 42\"}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.paused")
        .isEqualTo(true);
    client
        .get()
        .uri("/v1/chains")
        .exchange()
        .expectBody()
        .jsonPath("$.chains[?(@.chainId == '31337')].paused")
        .isEqualTo(List.of(true));
    client
        .post()
        .uri("/admin/v1/chains/31337/unpause")
        .header("Authorization", "bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk();
    List<AuditEntry> rows = auditOf("chain:31337");
    assertThat(rows).extracting(AuditEntry::action).startsWith("chain.unpause", "chain.pause");
    AuditEntry pause = rows.get(1);
    assertThat(pause.actor()).isEqualTo("admin");
    assertThat(pause.outcome()).isEqualTo("DONE");
    assertThat(pause.detail()).isEqualTo("incident 42");
    assertThat(pause.remote()).isNotBlank();

    client
        .post()
        .uri("/admin/v1/chains/777/pause")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://trestle.dev/problems/chain-not-found");
    assertThat(auditOf("chain:777")).extracting(AuditEntry::outcome).containsExactly("NOT_FOUND");
  }

  @Test
  void releaseAndRetryFollowTheLifeCycleAndRefuseOtherStates() {
    NewMessage m = observe(31337, random(20));
    String target = "message:" + hex(m.id());
    // Not DELAYED: 409, audited.
    client
        .post()
        .uri("/admin/v1/messages/" + hex(m.id()) + "/release")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://trestle.dev/problems/conflict");
    commit(List.of(m));
    ledger.delayed(m.id(), 31338, null, BigDecimal.ONE, Instant.now().plusSeconds(3600)).block(T);
    client
        .post()
        .uri("/admin/v1/messages/" + hex(m.id()) + "/release")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk();
    client
        .get()
        .uri("/v1/messages/" + hex(m.id()))
        .exchange()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("COMMITTED");
    ledger.attested(m.id()).block(T);
    ledger.failed(m.id(), 31338, "execution reverted").block(T);
    client
        .post()
        .uri("/admin/v1/messages/" + hex(m.id()) + "/retry")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk();
    client
        .get()
        .uri("/v1/messages/" + hex(m.id()))
        .exchange()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("ATTESTED");
    assertThat(auditOf(target))
        .extracting(e -> e.action() + "=" + e.outcome())
        .containsExactly("message.retry=DONE", "message.release=DONE", "message.release=CONFLICT");
    client
        .post()
        .uri("/admin/v1/messages/" + hex(m.id()) + "/retry")
        .header("Authorization", "Bearer " + TOKEN)
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("please")
        .exchange()
        .expectStatus()
        .isEqualTo(415)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }
}
