package io.trestle.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trestle.app.service.StatusEvents;
import io.trestle.db.AuditLogRepository;
import io.trestle.db.model.AuditEntry;
import io.trestle.db.model.NewMessage;
import io.trestle.proto.api.v1.ChainActionRequest;
import io.trestle.proto.api.v1.ChainPauseState;
import io.trestle.proto.api.v1.GetBlockRequest;
import io.trestle.proto.api.v1.GetCommitteeRequest;
import io.trestle.proto.api.v1.ListChainsRequest;
import io.trestle.proto.api.v1.ListMessagesRequest;
import io.trestle.proto.api.v1.Message;
import io.trestle.proto.api.v1.MessageActionRequest;
import io.trestle.proto.api.v1.StatusEvent;
import io.trestle.proto.api.v1.WatchEventsRequest;
import io.trestle.sdk.ProofRejectedException;
import io.trestle.sdk.TrestleClient;
import io.trestle.sdk.VerifiedProof;
import io.trestle.sdk.http.ApiProblemException;
import io.trestle.verifier.proof.ProofVerdict;
import io.trestle.verifier.quorum.CommitteeView;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The generated SDK (JDK HttpClient, protobuf binary, SSE) against the running app on its real
 * port, with messages and blocks carrying real proofs written through the {@code NodeLedger}.
 */
class SdkClientTest extends ApiTestBase {

  /** Below the epochs other tests store, so "the current committee" stays theirs. */
  private static final long EPOCH = 42;

  @Value("${local.server.port}")
  int port;

  @Autowired StatusEvents events;
  @Autowired AuditLogRepository audit;

  private TrestleClient sdk() {
    return TrestleClient.connect(URI.create("http://127.0.0.1:" + port));
  }

  @Test
  void adminActionsThroughTheSdkAreAuthenticatedAppliedAndAudited() {
    TrestleClient node = sdk();
    var admin = node.admin(TOKEN);
    // Chain 31338 is not paused by any other test (AdminApiTest pauses 31337).
    ChainPauseState paused =
        admin.pauseChain(
            ChainActionRequest.newBuilder()
                .setChainId(31338)
                .setReason("sdk test: \"quoted\" \\ line\nbreak")
                .build());
    assertThat(paused.getChainId()).isEqualTo(31338);
    assertThat(paused.getPaused()).isTrue();
    assertThat(node.ledger().listChains(ListChainsRequest.getDefaultInstance()).getChainsList())
        .filteredOn(c -> c.getChainId() == 31338)
        .singleElement()
        .satisfies(c -> assertThat(c.getPaused()).isTrue());
    AuditEntry entry = audit.findByTargetOrderByIdDesc("chain:31338").blockFirst(T);
    assertThat(entry.action()).isEqualTo("chain.pause");
    assertThat(entry.detail()).isEqualTo("sdk test: \"quoted\" \\ line\nbreak");
    assertThat(
            admin
                .unpauseChain(ChainActionRequest.newBuilder().setChainId(31338).build())
                .getPaused())
        .isFalse();

    // Without the right token: 401 problem, nothing changes.
    assertThatThrownBy(
            () ->
                node.admin("not-the-token")
                    .pauseChain(ChainActionRequest.newBuilder().setChainId(31338).build()))
        .isInstanceOfSatisfying(
            ApiProblemException.class,
            p -> {
              assertThat(p.status()).isEqualTo(401);
              assertThat(p.slug()).isEqualTo("unauthorized");
            });
    assertThat(node.ledger().listChains(ListChainsRequest.getDefaultInstance()).getChainsList())
        .filteredOn(c -> c.getChainId() == 31338)
        .singleElement()
        .satisfies(c -> assertThat(c.getPaused()).isFalse());

    // Typed errors: an unknown chain, an unknown message, a message not in the required state.
    assertThatThrownBy(
            () -> admin.pauseChain(ChainActionRequest.newBuilder().setChainId(777).build()))
        .isInstanceOfSatisfying(
            ApiProblemException.class, p -> assertThat(p.slug()).isEqualTo("chain-not-found"));
    assertThatThrownBy(
            () ->
                admin.releaseMessage(
                    MessageActionRequest.newBuilder().setId(hex(random(32))).build()))
        .isInstanceOfSatisfying(
            ApiProblemException.class, p -> assertThat(p.slug()).isEqualTo("message-not-found"));
    NewMessage observed = observe(31337, random(20));
    assertThatThrownBy(
            () ->
                admin.retryMessage(
                    MessageActionRequest.newBuilder().setId(hex(observed.id())).build()))
        .isInstanceOfSatisfying(
            ApiProblemException.class,
            p -> {
              assertThat(p.status()).isEqualTo(409);
              assertThat(p.detail()).contains("FAILED").contains("OBSERVED");
            });
    assertThatThrownBy(() -> node.admin(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bearer token");
  }

  @Test
  void statusPagesAwaitedDeliveryAndVerifiedProof() throws Exception {
    SignedLedger chain = new SignedLedger(ledger, EPOCH);
    chain.storeCommittee();
    byte[] sender = random(20);
    List<NewMessage> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sent.add(chain.observe(sender));
    }
    NewMessage m = sent.getLast();
    TrestleClient node = sdk();

    Message status = node.status(hex(m.id()));
    assertThat(status.getStatus()).isEqualTo(Message.Status.OBSERVED);
    assertThat(status.getSender()).isEqualTo(hex(sender));
    assertThat(status.getNonce()).isEqualTo(m.nonce());
    assertThat(status.hasBlockHeight()).isFalse();
    assertThat(status.getHistoryList())
        .extracting(StatusEvent::getStatus)
        .containsExactly(Message.Status.OBSERVED);

    // Cursor pagination, newest first, through the generated client.
    List<String> seen = new ArrayList<>();
    var request = ListMessagesRequest.newBuilder().setSender(hex(sender)).setLimit(2);
    int pages = 0;
    do {
      var page = node.messages().listMessages(request.build());
      page.getItemsList().forEach(item -> seen.add(item.getId()));
      request.setCursor(page.getNext());
      pages++;
      if (!page.hasNext()) {
        break;
      }
    } while (true);
    assertThat(pages).isEqualTo(2);
    assertThat(seen)
        .containsExactly(hex(sent.get(2).id()), hex(sent.get(1).id()), hex(sent.get(0).id()));

    long height = nextHeight();
    chain.commit(sent, height, false);

    // Await delivery while the status changes are published.
    int before = events.subscribers();
    CompletableFuture<StatusEvent> delivered =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return node.awaitDelivered(hex(m.id()), Duration.ofSeconds(20));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (events.subscribers() <= before && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(delivered).isNotDone();
    ledger.attested(m.id()).block(T);
    ledger.delivered(m.id()).block(T);
    StatusEvent done = delivered.get(20, TimeUnit.SECONDS);
    assertThat(done.getStatus()).isEqualTo(Message.Status.DELIVERED);
    assertThat(done.getMessageId()).isEqualTo(hex(m.id()));
    assertThat(node.status(hex(m.id())).getHistoryList())
        .extracting(StatusEvent::getStatus)
        .containsExactly(
            Message.Status.OBSERVED,
            Message.Status.COMMITTED,
            Message.Status.ATTESTED,
            Message.Status.DELIVERED);

    // The committee as the node lists it, then the proof checked locally against it.
    CommitteeView committee =
        TrestleClient.committeeView(
            node.ledger().getCommittee(GetCommitteeRequest.newBuilder().setEpoch(EPOCH).build()));
    VerifiedProof proof = node.verifiedProof(hex(m.id()), committee);
    assertThat(proof.verdict().height()).isEqualTo(height);
    assertThat(proof.verdict().messageId()).isEqualTo(m.id());
    assertThat(proof.proof().getPath().getLeafIndex()).isEqualTo(2);
    assertThat(
            node.ledger()
                .getBlock(GetBlockRequest.newBuilder().setHeight(height).build())
                .getMessageIdsList())
        .containsExactly(hex(sent.get(0).id()), hex(sent.get(1).id()), hex(m.id()));
    assertThat(node.ledger().listChains(ListChainsRequest.getDefaultInstance()).getChainsList())
        .extracting(c -> c.getName())
        .contains("devnet-a", "devnet-b");
  }

  @Test
  void tamperedProofAndWrongCommitteeAreRefused() throws Exception {
    SignedLedger chain = new SignedLedger(ledger, EPOCH);
    chain.storeCommittee();
    NewMessage forged = chain.observe(random(20));
    chain.commit(List.of(forged), nextHeight(), true);
    NewMessage honest = chain.observe(random(20));
    chain.commit(List.of(honest), nextHeight(), false);
    TrestleClient node = sdk();
    CommitteeView committee =
        TrestleClient.committeeView(
            node.ledger().getCommittee(GetCommitteeRequest.newBuilder().setEpoch(EPOCH).build()));

    assertThatThrownBy(() -> node.verifiedProof(hex(forged.id()), committee))
        .isInstanceOfSatisfying(
            ProofRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ProofRejectedException.Reason.INVALID);
              assertThat(e.verdict().reason()).isEqualTo(ProofVerdict.Reason.CERTIFICATE);
            });
    // The honest proof does not verify against another epoch's committee either.
    SignedLedger other = new SignedLedger(ledger, EPOCH - 1);
    other.storeCommittee();
    CommitteeView wrong =
        TrestleClient.committeeView(
            node.ledger()
                .getCommittee(GetCommitteeRequest.newBuilder().setEpoch(EPOCH - 1).build()));
    assertThatThrownBy(() -> node.verifiedProof(hex(honest.id()), wrong))
        .isInstanceOfSatisfying(
            ProofRejectedException.class,
            e -> assertThat(e.verdict().reason()).isEqualTo(ProofVerdict.Reason.WRONG_EPOCH));
    assertThat(node.verifiedProof(hex(honest.id()), committee).verdict().epoch()).isEqualTo(EPOCH);
  }

  @Test
  void errorsArriveAsTypedProblems() throws Exception {
    TrestleClient node = sdk();
    String unknown = hex(random(32));
    assertThatThrownBy(() -> node.status(unknown))
        .isInstanceOfSatisfying(
            ApiProblemException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.type()).isEqualTo("https://trestle.dev/problems/message-not-found");
              assertThat(e.slug()).isEqualTo("message-not-found");
              assertThat(e.title()).isEqualTo("Message not found");
              assertThat(e.detail()).contains(unknown);
              assertThat(e.instance()).isEqualTo("/v1/messages/" + unknown);
            });
    assertThatThrownBy(() -> node.status("0x1234"))
        .isInstanceOfSatisfying(
            ApiProblemException.class, e -> assertThat(e.slug()).isEqualTo("invalid-message-id"));
    assertThatThrownBy(() -> node.awaitDelivered(unknown, Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            ApiProblemException.class, e -> assertThat(e.status()).isEqualTo(404));
    NewMessage pending = observe(31337, random(20));
    assertThatThrownBy(() -> node.verifiedProof(hex(pending.id()), null))
        .isInstanceOfSatisfying(
            ApiProblemException.class, e -> assertThat(e.slug()).isEqualTo("proof-not-available"));
    assertThatThrownBy(
            () ->
                node.messages()
                    .listMessages(ListMessagesRequest.newBuilder().setCursor("!!").build()))
        .isInstanceOfSatisfying(
            ApiProblemException.class, e -> assertThat(e.slug()).isEqualTo("invalid-cursor"));
    // A message that is never delivered: the wait ends with a timeout naming its last status.
    assertThatThrownBy(() -> node.awaitDelivered(hex(pending.id()), Duration.ofMillis(500)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("OBSERVED");
  }

  @Test
  void globalStreamDeliversBinaryEvents() throws Exception {
    TrestleClient node = sdk();
    try (var stream = node.messages().watchEvents(WatchEventsRequest.getDefaultInstance())) {
      NewMessage m = observe(31337, random(20));
      StatusEvent e;
      do {
        e = stream.take(T);
      } while (e != null && !e.getMessageId().equals(hex(m.id())));
      assertThat(e).isNotNull();
      assertThat(e.getStatus()).isEqualTo(Message.Status.OBSERVED);
      assertThat(stream.lastEventId()).isEqualTo(Long.toUnsignedString(e.getId()));
    }
  }
}
