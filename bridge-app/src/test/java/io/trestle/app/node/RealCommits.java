package io.trestle.app.node;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.driver.Driver;
import io.trestle.consensus.driver.TestCommittees;
import io.trestle.consensus.net.InMemoryNetwork;
import io.trestle.consensus.node.Replica;
import io.trestle.consensus.store.FileOpener;
import io.trestle.proto.v1.MessageProof;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.sdk.CanonicalProofs;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import io.trestle.verifier.proof.MessageProofVerifier;
import io.trestle.verifier.proof.ProofVerdict;
import io.trestle.verifier.quorum.CertificateVerifier;
import io.trestle.verifier.quorum.CommitteeView;
import io.trestle.verifier.quorum.QuorumVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Real commits for adapter tests: four HotStuff replicas (real engines, ed25519 signatures, WALs,
 * block stores) over the in-memory network commit the given messages; replica 0's {@link
 * Driver.Committed} values, with their real commit QCs, are what a running node hands its listener.
 */
final class RealCommits {
  private RealCommits() {}

  static final int N = 4;
  static final List<Ed25519KeyPair> KEYS = TestCommittees.keys(N, 9);
  static final Committee COMMITTEE = TestCommittees.committee(KEYS);

  /** A message from a fresh random gateway on chain 31337 to chain 31338. */
  static GatewayMessage message(int n) {
    var r = ThreadLocalRandom.current();
    return new GatewayMessage(
        31337,
        randomAddress(),
        r.nextLong(1, 1L << 40),
        randomAddress(),
        31338,
        randomAddress(),
        ("payload " + n).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static String randomAddress() {
    byte[] b = new byte[20];
    ThreadLocalRandom.current().nextBytes(b);
    return GatewayMessage.toHex(b);
  }

  /** Runs the committee until every message is committed; returns replica 0's commits in order. */
  static List<Driver.Committed> commit(List<GatewayMessage> messages, Path dir) throws Exception {
    return commit(messages, dir, -1, 0, seen -> false).commits();
  }

  /** The messages a run submitted (a prefix of those offered) and replica 0's commits. */
  record Run(List<GatewayMessage> submitted, List<Driver.Committed> commits) {}

  /**
   * As {@link #commit(List, Path)}, with replica {@code down} (if not -1) never started, so its
   * views as leader time out and the blocks before them are committed together with descendants,
   * and the messages submitted one by one {@code spacingMs} apart until {@code enough} holds for
   * the commits seen so far (at least 3 are submitted).
   */
  static Run commit(
      List<GatewayMessage> offered,
      Path dir,
      int down,
      long spacingMs,
      java.util.function.Predicate<List<Driver.Committed>> enough)
      throws Exception {
    List<GatewayMessage> messages = new ArrayList<>();
    List<Driver.Committed> seen = new CopyOnWriteArrayList<>();
    List<Driver> drivers = new ArrayList<>();
    try (InMemoryNetwork net = new InMemoryNetwork(N, 4096)) {
      for (int i = 0; i < N; i++) {
        java.util.function.Consumer<Driver.Committed> onCommit = i == 0 ? seen::add : c -> {};
        drivers.add(
            Replica.assemble(
                KEYS.get(i),
                COMMITTEE,
                net.endpoint(i),
                dir.resolve("n" + i),
                (id, m) -> ObservationOracle.Verdict.OBSERVED,
                new Replica.Tuning(500, 64, 4096),
                onCommit,
                FileOpener.DEFAULT));
      }
      if (down >= 0) {
        net.kill(down);
      }
      for (int i = 0; i < N; i++) {
        if (i != down) {
          drivers.get(i).start();
        }
      }
      if (spacingMs == 0) {
        messages.addAll(offered);
        List<CrossChainMessage> batch = messages.stream().map(GatewayMessage::toCanonical).toList();
        drivers.forEach(d -> d.submit(batch));
      } else {
        for (GatewayMessage m : offered) {
          if (messages.size() >= 3 && enough.test(seen)) {
            break;
          }
          messages.add(m);
          drivers.forEach(d -> d.submit(List.of(m.toCanonical())));
          Thread.sleep(spacingMs);
        }
      }
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (committedMessages(seen) < messages.size() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      drivers.forEach(Driver::close);
    }
    if (committedMessages(seen) < messages.size()) {
      throw new AssertionError("committee did not commit " + messages.size() + " messages");
    }
    return new Run(List.copyOf(messages), List.copyOf(seen));
  }

  private static long committedMessages(List<Driver.Committed> seen) {
    return seen.stream().mapToLong(c -> c.block().messages().size()).sum();
  }

  /** Verifies a proof served by the API (protobuf) offline with the verifier. */
  static ProofVerdict verify(MessageProof p) throws Exception {
    return new MessageProofVerifier(new CertificateVerifier(new QuorumVerifier()))
        .verify(CanonicalProofs.of(p), CommitteeView.of(COMMITTEE));
  }
}
