package io.trestle.consensus.driver;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.TimeoutCertificate;
import io.trestle.canonical.v1.TimeoutData;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.core.SignatureVerifier;
import io.trestle.consensus.epoch.EpochEnvelope;
import io.trestle.consensus.hotstuff.HotStuffMessage;
import io.trestle.consensus.raft.RaftMessage;
import io.trestle.verifier.ed25519.BatchVerdict;
import io.trestle.verifier.ed25519.Ed25519;
import io.trestle.verifier.ed25519.Ed25519BatchVerifier;
import io.trestle.verifier.ed25519.SignedMessage;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Moves Ed25519 work off the driver's owner thread. Before a message enters the inbox, a
 * verification thread calls {@link #preverify} on a batch of messages: every signature they carry
 * (votes, timeouts, the QCs and TCs inside proposals, timeouts and sync responses) is checked in
 * one {@link Ed25519BatchVerifier} call, and the valid (key, digest, signature) triples are
 * remembered. The engine's {@link SignatureVerifier} port is {@link #verify}: a remembered triple
 * is accepted at once, anything else is verified on the spot with {@link Ed25519#verify}, so the
 * verdict is always exactly Ed25519's; the cache only changes where the work happens.
 *
 * <p>Thread-safe. Signer indices are resolved against the genesis committee's keys; signatures of
 * later epochs simply miss the cache.
 */
public final class SignaturePreverifier implements SignatureVerifier {
  private static final int MAX_REMEMBERED = 200_000;

  private final List<byte[]> keys;
  private final Ed25519BatchVerifier batch = new Ed25519BatchVerifier(new SecureRandom());
  private final Set<Triple> verified = ConcurrentHashMap.newKeySet();

  /**
   * Signatures checked before the inbox (batched, or alone when one is new), and those the owner
   * thread still had to check.
   */
  public final LongAdder batched = new LongAdder();

  public final LongAdder ownerThreadChecks = new LongAdder();

  /** Signatures not checked again because an earlier message carried them (already remembered). */
  public final LongAdder skipped = new LongAdder();

  public SignaturePreverifier(List<byte[]> committeeKeys) {
    this.keys = committeeKeys.stream().map(byte[]::clone).toList();
  }

  private record Triple(byte[] key, byte[] digest, byte[] sig, int hash) {
    static Triple of(byte[] key, byte[] digest, byte[] sig) {
      int h = Arrays.hashCode(sig) * 31 + Arrays.hashCode(digest);
      return new Triple(key, digest, sig, h);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Triple t
          && hash == t.hash
          && Arrays.equals(sig, t.sig)
          && Arrays.equals(digest, t.digest)
          && Arrays.equals(key, t.key);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] digest, byte[] signature) {
    Triple t = Triple.of(publicKey, digest, signature);
    if (verified.contains(t)) {
      return true;
    }
    ownerThreadChecks.increment();
    boolean ok = Ed25519.verify(publicKey, digest, signature);
    if (ok) {
      // e.g. the node's own vote, checked when it joins a QC and again when that QC comes back
      remember(t);
    }
    return ok;
  }

  /** Batch-checks the signatures in {@code messages} and remembers the valid ones. */
  public void preverify(List<HotStuffMessage> messages) {
    List<SignedMessage> items = new ArrayList<>();
    for (HotStuffMessage m : messages) {
      collect(m, items);
    }
    check(items);
  }

  /**
   * As {@link #preverify}, for any engine message: HotStuff messages (also wrapped in an epoch
   * segment), the commit QCs in Raft appends and in epoch handovers. Raft commit votes are left to
   * the engine (their signer is the sender, known only to the driver).
   */
  public void preverifyAny(List<EngineMessage> messages) {
    List<SignedMessage> items = new ArrayList<>();
    for (EngineMessage m : messages) {
      collectAny(m, items);
    }
    check(items);
  }

  /** Adds the signatures {@link #preverifyAny} would check in {@code m} to {@code items}. */
  void collectAny(EngineMessage m, List<SignedMessage> items) {
    EngineMessage inner = m instanceof EpochEnvelope.Wrapped w ? w.inner() : m;
    switch (inner) {
      case HotStuffMessage h -> collect(h, items);
      case RaftMessage.Append a -> a.certificates().forEach(qc -> qc(qc, items));
      case EpochEnvelope.Handover h ->
          h.blocks()
              .forEach(
                  cb -> {
                    qc(cb.proof(), items);
                    block(cb.block(), items);
                  });
      default -> {}
    }
  }

  /**
   * Batch-checks those of {@code items} not verified before and remembers the valid ones (a QC
   * comes back in timeouts, later proposals and sync responses; the node's own vote inside QCs); a
   * single remaining signature is checked alone (cheaper than a batch equation of one).
   */
  void check(List<SignedMessage> items) {
    List<SignedMessage> fresh = new ArrayList<>(items.size());
    List<Triple> triples = new ArrayList<>(items.size());
    for (SignedMessage s : items) {
      Triple t = Triple.of(s.publicKey(), s.message(), s.signature());
      if (!verified.contains(t)) {
        fresh.add(s);
        triples.add(t);
      }
    }
    skipped.add(items.size() - fresh.size());
    if (fresh.isEmpty()) {
      return;
    }
    batched.add(fresh.size());
    if (fresh.size() == 1) {
      SignedMessage s = fresh.getFirst();
      if (Ed25519.verify(s.publicKey(), s.message(), s.signature())) {
        remember(triples.getFirst());
      }
      return;
    }
    BatchVerdict v = batch.verify(fresh);
    for (int i = 0; i < fresh.size(); i++) {
      if (!v.invalid().get(i)) {
        remember(triples.get(i));
      }
    }
  }

  private void remember(Triple t) {
    if (verified.size() > MAX_REMEMBERED) {
      verified.clear();
    }
    verified.add(t);
  }

  private byte[] key(long signer) {
    return signer >= 0 && signer < keys.size() ? keys.get((int) signer) : null;
  }

  private void add(List<SignedMessage> out, long signer, byte[] digest, byte[] sig) {
    byte[] k = key(signer);
    if (k != null && sig.length == 64) {
      out.add(new SignedMessage(k, digest, sig));
    }
  }

  private void collect(HotStuffMessage m, List<SignedMessage> out) {
    switch (m) {
      case HotStuffMessage.Vote v -> add(out, v.signer(), v.data().hash(), v.signature());
      case HotStuffMessage.Timeout t -> {
        add(out, t.signer(), t.data().hash(), t.signature());
        qc(t.highQc(), out);
        t.lastTc().ifPresent(tc -> tc(tc, out));
      }
      case HotStuffMessage.Proposal p -> block(p.block(), out);
      case HotStuffMessage.SyncResponse r -> {
        r.blocks().forEach(b -> block(b, out));
        r.commitProof().ifPresent(qc -> qc(qc, out));
      }
      case HotStuffMessage.EpochChange e -> qc(e.boundaryQc(), out);
      case HotStuffMessage.SyncRequest r -> {}
    }
  }

  private void block(Block b, List<SignedMessage> out) {
    qc(b.justify(), out);
    b.timeoutCertificate().ifPresent(tc -> tc(tc, out));
  }

  private static List<Integer> signers(byte[] bitmap) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < bitmap.length * 8; i++) {
      if ((bitmap[i / 8] >> (i % 8) & 1) != 0) {
        idx.add(i);
      }
    }
    return idx;
  }

  private void qc(QuorumCertificate qc, List<SignedMessage> out) {
    List<Integer> idx = signers(qc.signers());
    if (idx.size() != qc.signatures().size() || idx.isEmpty()) {
      return;
    }
    byte[] digest = qc.data().hash();
    for (int i = 0; i < idx.size(); i++) {
      add(out, idx.get(i), digest, qc.signatures().get(i));
    }
  }

  private void tc(TimeoutCertificate tc, List<SignedMessage> out) {
    List<Integer> idx = signers(tc.signers());
    if (idx.size() != tc.signatures().size() || idx.size() != tc.highQcViews().size()) {
      return;
    }
    for (int i = 0; i < idx.size(); i++) {
      byte[] digest =
          new TimeoutData(tc.committeeId(), tc.epoch(), tc.view(), tc.highQcViews().get(i)).hash();
      add(out, idx.get(i), digest, tc.signatures().get(i));
    }
    qc(tc.highQc(), out);
  }
}
