package io.trestle.consensus.sim;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.Certificates;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.SignatureVerifier;
import io.trestle.consensus.hotstuff.HotStuffMessage;
import io.trestle.consensus.hotstuff.HotStuffSafety;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The properties checked on every simulation step, over honest nodes only (crashed-and-restarted
 * nodes are honest):
 *
 * <ol>
 *   <li>no two different blocks committed at one height; committed logs are chains (so every log is
 *       a prefix of every other);
 *   <li>every commit carries a valid QC of its epoch's committee whose commit target is the block
 *       or a descendant committed in the same output;
 *   <li>ordering: a vote or timeout leaves a node only when the persisted safety record already
 *       covers it (lastVotedView &ge; its view, high QC &ge; the reported one);
 *   <li>no double vote: an honest node never signs two different votes for one view, across
 *       restarts;
 *   <li>liveness: after the network heals, every live honest node commits at least {@link
 *       #LIVENESS_BLOCKS} blocks beyond the highest height committed at the heal.
 * </ol>
 */
final class Invariants {
  static final int LIVENESS_BLOCKS = 3;

  private final Simulation sim;
  private final Certificates certificates;
  private final Map<Long, CommitteeView> committees = new HashMap<>();
  private final Map<Long, Hash32> committed = new HashMap<>();
  private final Map<Integer, Map<Long, Hash32>> votes = new HashMap<>();
  private final List<long[]> proofChecks = new ArrayList<>();
  private final List<Hash32> proofHashes = new ArrayList<>();
  private long healTip = -1;

  Invariants(Simulation sim, SignatureVerifier verifier) {
    this.sim = sim;
    this.certificates = new Certificates(verifier, 4096);
    committees.put(0L, new CommitteeView(sim.genesis));
    for (var r : sim.options.rotations()) {
      Committee next = r.next();
      committees.put(next.epoch(), new CommitteeView(next));
    }
  }

  AssertionError fail(String what) {
    throw new AssertionError(
        "invariant violated at t=" + sim.now + ": " + what + "\n  reproduce: " + sim.reproducer());
  }

  void beforeSend(SimNode node, EngineMessage msg) {
    if (!node.honest()) {
      return;
    }
    HotStuffSafety safety = (HotStuffSafety) node.persisted.orElse(null);
    switch (msg) {
      case HotStuffMessage.Vote v -> {
        if (safety == null || safety.lastVotedView() < v.data().view()) {
          throw fail(
              "node "
                  + node.index
                  + " sent a vote for view "
                  + v.data().view()
                  + " before persisting it");
        }
        Hash32 h = Hash32.of(v.data().hash());
        Hash32 before =
            votes.computeIfAbsent(node.index, k -> new HashMap<>()).putIfAbsent(v.data().view(), h);
        if (before != null && !before.equals(h)) {
          throw fail("honest node " + node.index + " double-voted in view " + v.data().view());
        }
      }
      case HotStuffMessage.Timeout t -> {
        if (safety == null
            || safety.lastVotedView() < t.data().view()
            || safety.highQc().data().view() < t.data().highQcView()) {
          throw fail(
              "node "
                  + node.index
                  + " sent a timeout for view "
                  + t.data().view()
                  + " before persisting it");
        }
      }
      default -> {}
    }
  }

  void onCommit(SimNode node, Block block, QuorumCertificate proof) {
    SimLog log = node.log;
    if (block.height() != log.tipHeight() + 1) {
      throw fail(
          "node " + node.index + " committed h" + block.height() + " after h" + log.tipHeight());
    }
    if (log.tipHeight() > 0 && !block.parentHash().equals(log.hash(log.tipHeight()))) {
      throw fail("node " + node.index + " committed h" + block.height() + " not extending its log");
    }
    Hash32 hash = block.hash();
    if (node.honest()) {
      Hash32 other = committed.putIfAbsent(block.height(), hash);
      if (other != null && !other.equals(hash)) {
        throw fail(
            "two blocks committed at height "
                + block.height()
                + ": "
                + other.shortHex()
                + " and "
                + hash.shortHex());
      }
      CommitteeView c = committees.get(proof.data().epoch());
      if (c == null || certificates.checkQc(proof, c).isPresent()) {
        throw fail("commit of h" + block.height() + " carries an invalid QC");
      }
      if (proof.data().commitHeight() < block.height()) {
        throw fail(
            "commit proof of h"
                + block.height()
                + " commits lower height "
                + proof.data().commitHeight());
      }
      proofChecks.add(new long[] {node.index, proof.data().commitHeight()});
      proofHashes.add(Hash32.of(proof.data().commitHash()));
    }
    log.append(block, proof);
    node.committedIds.addAll(block.messageIds());
  }

  void afterOutput(SimNode node) {
    for (int i = 0; i < proofChecks.size(); i++) {
      SimLog log = sim.nodes.get((int) proofChecks.get(i)[0]).log;
      long h = proofChecks.get(i)[1];
      if (log.tipHeight() < h || !log.hash(h).equals(proofHashes.get(i))) {
        throw fail("commit proof names h" + h + " which is not committed in the same output");
      }
    }
    proofChecks.clear();
    proofHashes.clear();
  }

  void afterStep() {
    if (healTip < 0 && !sim.inFaultPhase()) {
      healTip = maxHonestTip();
    }
  }

  void atEnd() {
    if (healTip < 0) {
      healTip = 0;
    }
    for (SimNode node : sim.nodes) {
      if (node.honest() && !node.crashed && node.log.tipHeight() < healTip + LIVENESS_BLOCKS) {
        throw fail(
            "liveness: node "
                + node.index
                + " committed only h"
                + node.log.tipHeight()
                + " by the end, heal tip was h"
                + healTip
                + " ("
                + node.engine.describeState()
                + ")");
      }
    }
  }

  SimResult result() {
    long min = Long.MAX_VALUE;
    long max = 0;
    for (SimNode node : sim.nodes) {
      if (node.honest() && !node.crashed) {
        min = Math.min(min, node.log.tipHeight());
        max = Math.max(max, node.log.tipHeight());
      }
    }
    return new SimResult(min, max, sim.messagesSent, sim.steps);
  }

  private long maxHonestTip() {
    long max = 0;
    for (SimNode node : sim.nodes) {
      if (node.honest()) {
        max = Math.max(max, node.log.tipHeight());
      }
    }
    return max;
  }
}
