package io.trestle.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.web.reactive.server.WebTestClient;

class ActuatorTest extends ApiTestBase {

  @LocalManagementPort int managementPort;

  private WebTestClient management() {
    return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
  }

  @Test
  void probesAndHealthIndicatorsAreServedOnTheManagementPort() {
    management().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    management()
        .get()
        .uri("/actuator/health/readiness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components.r2dbc.status")
        .isEqualTo("UP")
        .jsonPath("$.components.consensus.details.mode")
        .isEqualTo("api-only");
  }

  @Test
  void prometheusExposesNodeMetrics() {
    observe(31337, random(20));
    String scrape =
        management()
            .get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(scrape)
        .contains("trestle_messages{")
        .contains("trestle_messages_transitions_total{status=\"OBSERVED\"}")
        .contains("trestle_rpc_errors_total{chain=\"31337\"}")
        .contains("trestle_consensus_commits_total")
        .contains("trestle_sse_subscribers")
        .contains("trestle_db_by_id_reads_statements_total")
        .contains("trestle_db_by_id_reads_ids_total");
  }
}
