package io.trestle.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trestle.app.ApiTestBase;
import io.trestle.consensus.driver.Driver;
import io.trestle.proto.v1.MessageProof;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.node.RelayerNode;
import io.trestle.relayer.watch.Observation;
import io.trestle.verifier.proof.ProofVerdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

/**
 * The adapter fed real node values (commits of four real HotStuff replicas with real QCs, real
 * gateway messages and observations) against the real app and its embedded PostgreSQL: what a
 * client then reads over REST and SSE, and whether the served proofs verify offline.
 *
 * <p>One of the four replicas is down, so its views as leader time out and the block before each
 * such view is committed later together with a descendant, by one QC: the proofs of those blocks'
 * messages go through the chain of descendant headers, and they must verify too.
 */
class NodeAdapterTest extends ApiTestBase {

  @TempDir static Path dir;
  static List<GatewayMessage> messages;
  static List<Driver.Committed> commits;

  @BeforeAll
  static void runCommittee() throws Exception {
    // Messages every 5 ms (so that most blocks carry some) until a block holding messages has
    // been committed through a descendant's QC; at most 2,000 (10 s).
    RealCommits.Run run =
        RealCommits.commit(
            IntStream.range(0, 2_000).mapToObj(RealCommits::message).toList(),
            dir,
            1,
            5,
            seen -> indirect(seen) > 0);
    messages = run.submitted();
    commits = run.commits();
  }

  static Observation observation(GatewayMessage m) {
    return new Observation(
        m,
        GatewayMessage.toHex(m.id()),
        120,
        GatewayMessage.toHex(random(32)),
        GatewayMessage.toHex(random(32)),
        2,
        12,
        System.currentTimeMillis());
  }

  private Map<String, Object> get(String uri) {
    return client
        .get()
        .uri(uri)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }

  private String status(GatewayMessage m) {
    return (String) get("/v1/messages/" + hex(m.id())).get("status");
  }

  private long heightOf(GatewayMessage m) {
    return commits.stream()
        .filter(
            c ->
                c.block().messageIds().stream()
                    .anyMatch(h -> java.util.Arrays.equals(h.bytes(), m.id())))
        .findFirst()
        .orElseThrow()
        .block()
        .height();
  }

  /** Messages in blocks that the QC of a descendant committed. */
  private static long indirect(List<Driver.Committed> commits) {
    return commits.stream()
        .filter(c -> c.proof().data().commitHeight() > c.block().height())
        .mapToLong(c -> c.block().messages().size())
        .sum();
  }

  @Test
  void nodeEventsBecomeStatusesVerifiableProofsAndEvents() throws Exception {
    GatewayMessage a = messages.get(0);
    GatewayMessage b = messages.get(1);
    GatewayMessage c = messages.get(2); // never observed by this node, only committed
    List<String> seen = new CopyOnWriteArrayList<>();
    LedgerWriter writer =
        new LedgerWriter(
            ledger, 1_000, LedgerWriter.RetryPolicy.defaults(), new SimpleMeterRegistry());
    try {
      writer.observed(31337, observation(a));
      await().atMost(Duration.ofSeconds(20)).until(() -> writer.health().pending() == 0);
      // Subscribing now (a is known) streams its current status first, then every change.
      var subscription =
          client
              .get()
              .uri("/v1/messages/" + hex(a.id()) + "/events")
              .accept(MediaType.TEXT_EVENT_STREAM)
              .exchange();
      var stream =
          subscription
              .returnResult(
                  new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {})
              .getResponseBody()
              .filter(e -> e.data() != null)
              .subscribe(e -> seen.add((String) e.data().get("status")));
      writer.committee(RealCommits.COMMITTEE, 0);
      writer.observed(31337, observation(b));
      // The commits reach the database the way a restarted node hands over the blocks its store
      // holds above the database's contiguous height: none is stored yet (heights 1.. are this
      // test's), so all of them, in order; the live path (committed) is replayed further below.
      assertThat(writer.storedCommitHeight().toCompletableFuture().join()).isZero();
      long tip = commits.getLast().block().height();
      assertThat(RelayerNode.replayCommitted(dir.resolve("n0"), writer)).isEqualTo(tip);
      await().atMost(Duration.ofSeconds(20)).until(() -> writer.health().pending() == 0);
      assertThat(writer.storedCommitHeight().toCompletableFuture().join()).isEqualTo(tip);
      assertThat(RelayerNode.replayCommitted(dir.resolve("n0"), writer)).isZero();
      writer.attested(31338, 0, heightOf(a), List.of(a.id()));
      writer.delivered(a.id(), 31338, GatewayMessage.toHex(random(32)));

      await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(status(a)));
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 4);
      stream.dispose();
      assertThat(seen).containsExactly("OBSERVED", "COMMITTED", "ATTESTED", "DELIVERED");
      assertThat(status(b)).isEqualTo("COMMITTED");
      assertThat(status(c)).isEqualTo("COMMITTED");

      int throughDescendants = 0;
      for (GatewayMessage m : messages) {
        MessageProof served = proof(m.id());
        ProofVerdict verdict = RealCommits.verify(served);
        assertThat(verdict.isValid()).as("%s: %s", m, verdict).isTrue();
        assertThat(((ProofVerdict.Valid) verdict).messageId()).isEqualTo(m.id());
        assertThat(((ProofVerdict.Valid) verdict).height()).isEqualTo(heightOf(m));
        if (served.getDescendantsCount() > 0) {
          throughDescendants++;
        }
      }
      assertThat(throughDescendants)
          .as(
              "proofs through descendants, of %s messages in blocks committed indirectly",
              indirect(commits))
          .isPositive();
      Map<String, Object> block = get("/v1/blocks/" + heightOf(c));
      assertThat(block.get("messageIds").toString()).contains(hex(c.id()));
      assertThat(get("/v1/committee/0").get("committeeId"))
          .isEqualTo(hex(RealCommits.COMMITTEE.committeeId()));

      // A node restarted over the same data reports the same events again: nothing changes.
      long applied = writer.health().applied();
      writer.observed(31337, observation(a));
      commits.forEach(writer::committed);
      writer.delivered(a.id(), 31338, GatewayMessage.toHex(random(32)));
      await().atMost(Duration.ofSeconds(20)).until(() -> writer.health().pending() == 0);
      LedgerWriter.Health h = writer.health();
      assertThat(h.complete()).as("%s", h).isTrue();
      assertThat(h.skipped()).isGreaterThanOrEqualTo(2);
      assertThat(status(a)).isEqualTo("DELIVERED");
      assertThat(h.applied() - applied).isLessThanOrEqualTo(commits.size());
    } finally {
      assertThat(writer.close(Duration.ofSeconds(10))).isTrue();
    }
  }
}
