package io.trestle.consensus.hotstuff;

import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.TimeoutData;
import io.trestle.canonical.v1.VoteData;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.CommittedLog;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.InvariantViolation;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.core.SignerBitmap;
import io.trestle.consensus.sim.FakeCrypto;
import io.trestle.consensus.sim.TestCommittee;
import io.trestle.verifier.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One real engine (node {@code me} of a 4-member committee) and scripted peers: the test builds
 * blocks, votes, QCs and timeouts signed with the peers' (fake) keys and fires timers by calling
 * {@code handle} (Besu's QBFT test style). Time moves only when the test says so.
 */
final class EngineHarness {
  static final long SEED = 42;
  static final int N = 4;
  final Committee committee = TestCommittee.ofSize(N, SEED);
  final int me;
  ObservationOracle.Verdict verdict = ObservationOracle.Verdict.OBSERVED;
  final List<InvariantViolation> halts = new ArrayList<>();
  CommittedLog log = new EmptyLog();
  HotStuffEngine engine;

  EngineHarness(int me) {
    this.me = me;
    this.engine = newEngine();
  }

  HotStuffEngine newEngine() {
    return new HotStuffEngine(
        new HotStuffConfig(committee, peer(me), 1_000, 4, 16, 8, 16),
        FakeCrypto.signer(key(me)),
        FakeCrypto.VERIFIER,
        (id, m) -> verdict,
        log,
        halts::add);
  }

  static byte[] key(int i) {
    return TestCommittee.key(SEED, i);
  }

  static PeerId peer(int i) {
    return TestCommittee.peer(SEED, i);
  }

  byte[] cid() {
    return committee.committeeId();
  }

  Block genesis() {
    return engine.genesis;
  }

  /**
   * A block of {@code view} by its round-robin leader extending the block {@code justify}
   * certifies.
   */
  Block block(long view, QuorumCertificate justify, List<CrossChainMessage> messages) {
    List<byte[]> ids = new ArrayList<>();
    for (CrossChainMessage m : messages) {
      ids.add(m.hash());
    }
    BlockHeader h =
        new BlockHeader(
            cid(),
            0,
            justify.data().height() + 1,
            view,
            justify.data().blockHash(),
            justify.data().view(),
            MerkleTree.of(ids).root(),
            messages.size(),
            view % N,
            view);
    return new Block(h, messages, justify, Optional.empty());
  }

  /** VoteData for {@code b} with the 2-chain commit info of a direct child of its justify. */
  VoteData voteData(Block b) {
    QuorumCertificate q = b.justify();
    boolean commits = q.data().view() + 1 == b.view() && q.data().height() >= 1;
    return new VoteData(
        cid(),
        0,
        b.view(),
        b.height(),
        b.hash().bytes(),
        commits ? q.data().height() : 0,
        commits ? q.data().blockHash() : new byte[32]);
  }

  /** A QC over {@code data} signed by {@code signers}. */
  QuorumCertificate qc(VoteData data, int... signers) {
    List<Integer> idx = new ArrayList<>();
    List<byte[]> sigs = new ArrayList<>();
    for (int s : signers) {
      idx.add(s);
      sigs.add(FakeCrypto.signer(key(s)).sign(data.hash()));
    }
    return new QuorumCertificate(data, SignerBitmap.encode(idx, N), sigs);
  }

  HotStuffMessage.Timeout timeout(int signer, long view, QuorumCertificate highQc) {
    TimeoutData d = new TimeoutData(cid(), 0, view, highQc.data().view());
    return new HotStuffMessage.Timeout(
        d, highQc, Optional.empty(), signer, FakeCrypto.signer(key(signer)).sign(d.hash()));
  }

  static <T> List<T> all(Output out, Class<T> type) {
    List<T> found = new ArrayList<>();
    for (Action a : out.actions()) {
      if (type.isInstance(a)) {
        found.add(type.cast(a));
      }
    }
    return found;
  }

  static List<HotStuffMessage.Vote> votes(Output out) {
    List<HotStuffMessage.Vote> found = new ArrayList<>();
    for (Action.Send s : all(out, Action.Send.class)) {
      if (s.message() instanceof HotStuffMessage.Vote v) {
        found.add(v);
      }
    }
    return found;
  }

  static Hash32 hashOf(VoteData d) {
    return Hash32.of(d.blockHash());
  }

  /** A committed log holding only genesis. */
  static final class EmptyLog implements CommittedLog {
    @Override
    public long tipHeight() {
      return 0;
    }

    @Override
    public Optional<Block> block(long height) {
      return Optional.empty();
    }

    @Override
    public Optional<QuorumCertificate> proof(long height) {
      return Optional.empty();
    }
  }
}
