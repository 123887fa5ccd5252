package io.trestle.sdk;

import io.trestle.proto.api.v1.Committee;
import io.trestle.proto.api.v1.GetMessageRequest;
import io.trestle.proto.api.v1.GetProofRequest;
import io.trestle.proto.api.v1.Message;
import io.trestle.proto.api.v1.StatusEvent;
import io.trestle.proto.api.v1.WatchMessageRequest;
import io.trestle.sdk.api.AdminServiceClient;
import io.trestle.sdk.api.LedgerServiceClient;
import io.trestle.sdk.api.MessageServiceClient;
import io.trestle.sdk.http.ApiProblemException;
import io.trestle.sdk.http.ApiTransport;
import io.trestle.sdk.http.EventStream;
import io.trestle.verifier.proof.MessageProofVerifier;
import io.trestle.verifier.proof.ProofVerdict;
import io.trestle.verifier.quorum.CertificateVerifier;
import io.trestle.verifier.quorum.CommitteeMember;
import io.trestle.verifier.quorum.CommitteeView;
import io.trestle.verifier.quorum.InvalidCommitteeException;
import io.trestle.verifier.quorum.QuorumVerifier;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * What a client app does with a Trestle node, in one call each: a message's status, waiting for its
 * delivery, and its proof checked locally with the verifier. The generated clients ({@link
 * #messages()}, {@link #ledger()}) give every other endpoint. Thread-safe.
 *
 * <pre>{@code
 * TrestleClient node = TrestleClient.connect(URI.create("http://127.0.0.1:8080"));
 * Message m = node.status(id);
 * node.awaitDelivered(id, Duration.ofMinutes(5));
 * VerifiedProof p = node.verifiedProof(id, committee);
 * }</pre>
 */
public final class TrestleClient {
  private static final HexFormat HEX = HexFormat.of();
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  private final ApiTransport transport;
  private final MessageServiceClient messages;
  private final LedgerServiceClient ledger;
  private final MessageProofVerifier verifier =
      new MessageProofVerifier(new CertificateVerifier(new QuorumVerifier()));

  /**
   * @param transport the node's base URL and HTTP client
   */
  public TrestleClient(ApiTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.messages = new MessageServiceClient(transport);
    this.ledger = new LedgerServiceClient(transport);
  }

  /** A client of the node at {@code baseUrl} (see {@link ApiTransport#of}). */
  public static TrestleClient connect(URI baseUrl) {
    return new TrestleClient(ApiTransport.of(baseUrl));
  }

  /** Messages, proofs and status streams (generated from {@code trestle.api.v1.MessageService}). */
  public MessageServiceClient messages() {
    return messages;
  }

  /** Blocks, committees and chains (generated from {@code trestle.api.v1.LedgerService}). */
  public LedgerServiceClient ledger() {
    return ledger;
  }

  /**
   * The admin API of the node ({@code /admin/v1}: pause/unpause a source chain, release a held
   * message, retry a failed delivery), authenticated with the node's bearer token ({@code
   * trestle.admin.token}). Every call is written to the node's audit log.
   *
   * @throws IllegalArgumentException if the token is empty or not printable ASCII
   */
  public AdminServiceClient admin(String bearerToken) {
    return new AdminServiceClient(transport.withBearerToken(bearerToken));
  }

  /**
   * The message with its status and history.
   *
   * @param messageId {@code 0x} + 64 hex digits
   * @throws ApiProblemException e.g. {@code message-not-found}, {@code invalid-message-id}
   */
  public Message status(String messageId) {
    return messages.getMessage(GetMessageRequest.newBuilder().setId(messageId).build());
  }

  /**
   * Follows the message's status stream until it is DELIVERED and returns that change. When the
   * connection drops or the node ends the stream early, it reconnects (with {@code Last-Event-ID};
   * the stream starts again with the current status, so no change is missed), backing off up to 2 s
   * between attempts.
   *
   * @throws TimeoutException if the message is not delivered within {@code timeout}
   * @throws ApiProblemException if the node refuses the stream (e.g. {@code message-not-found})
   */
  public StatusEvent awaitDelivered(String messageId, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    WatchMessageRequest request = WatchMessageRequest.newBuilder().setId(messageId).build();
    String lastEventId = null;
    Message.Status last = Message.Status.STATUS_UNSPECIFIED;
    Duration backoff = Duration.ofMillis(100);
    while (true) {
      try (EventStream<StatusEvent> stream = messages.watchMessage(request, lastEventId)) {
        StatusEvent event;
        while ((event = stream.take(left(deadline, messageId, last, timeout))) != null) {
          lastEventId = stream.lastEventId();
          last = event.getStatus();
          if (last == Message.Status.DELIVERED) {
            return event;
          }
          backoff = Duration.ofMillis(100);
        }
      } catch (UncheckedIOException e) {
        // Connection refused or dropped: try again until the deadline.
      } catch (TimeoutException e) {
        left(deadline, messageId, last, timeout); // throws with the last status seen
      }
      Duration left = left(deadline, messageId, last, timeout);
      Thread.sleep(min(min(backoff, left), MAX_BACKOFF));
      backoff = backoff.multipliedBy(2);
    }
  }

  private static Duration left(
      long deadline, String messageId, Message.Status last, Duration timeout)
      throws TimeoutException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new TimeoutException(
          "message "
              + messageId
              + " not delivered within "
              + timeout
              + " (last seen: "
              + last
              + ")");
    }
    return Duration.ofNanos(left);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Fetches the message's proof and checks it locally against {@code committee} (the committee of
   * the proof's epoch, obtained from a source you trust: the verifier adds no trust to a committee
   * read from the same node).
   *
   * @throws ProofRejectedException if the proof does not prove that this message was committed by
   *     {@code committee}
   * @throws ApiProblemException e.g. {@code proof-not-available} before the message is COMMITTED
   */
  public VerifiedProof verifiedProof(String messageId, CommitteeView committee)
      throws ProofRejectedException {
    var proof = messages.getProof(GetProofRequest.newBuilder().setId(messageId).build());
    io.trestle.canonical.v1.MessageProof canonical;
    try {
      canonical = CanonicalProofs.of(proof);
    } catch (IllegalArgumentException e) {
      throw new ProofRejectedException(
          ProofRejectedException.Reason.MALFORMED,
          "proof does not decode: " + e.getMessage(),
          null);
    }
    ProofVerdict verdict = verifier.verify(canonical, committee);
    return switch (verdict) {
      case ProofVerdict.Invalid bad ->
          throw new ProofRejectedException(
              ProofRejectedException.Reason.INVALID, bad.toString(), bad);
      case ProofVerdict.Valid ok -> {
        String proven = "0x" + HEX.formatHex(ok.messageId());
        if (!proven.equalsIgnoreCase(messageId)) {
          throw new ProofRejectedException(
              ProofRejectedException.Reason.OTHER_MESSAGE,
              "the proof is of message " + proven + ", not " + messageId,
              null);
        }
        yield new VerifiedProof(proof, ok);
      }
    };
  }

  /**
   * The verifier's view of a committee as the API lists it. Only as trustworthy as where {@code
   * committee} came from: pin it (e.g. from configuration) rather than trusting the node you query.
   *
   * @throws InvalidCommitteeException if keys, weights or the id are malformed
   */
  public static CommitteeView committeeView(Committee committee) throws InvalidCommitteeException {
    List<CommitteeMember> members = new ArrayList<>();
    for (var m : committee.getMembersList()) {
      members.add(new CommitteeMember(unhex(m.getEd25519Key()), m.getWeight()));
    }
    return CommitteeView.of(unhex(committee.getCommitteeId()), committee.getEpoch(), members);
  }

  private static byte[] unhex(String s) throws InvalidCommitteeException {
    if (!s.startsWith("0x")) {
      throw new InvalidCommitteeException("expected 0x-prefixed hex, got \"" + s + "\"");
    }
    try {
      return HEX.parseHex(s, 2, s.length());
    } catch (IllegalArgumentException e) {
      throw new InvalidCommitteeException("expected 0x-prefixed hex, got \"" + s + "\"");
    }
  }
}
