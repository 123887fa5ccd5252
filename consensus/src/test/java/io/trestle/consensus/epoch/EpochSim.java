package io.trestle.consensus.epoch;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CommitteeRotation;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.consensus.hotstuff.HotStuffConfig;
import io.trestle.consensus.hotstuff.HotStuffEngine;
import io.trestle.consensus.raft.RaftConfig;
import io.trestle.consensus.raft.RaftEngine;
import io.trestle.consensus.sim.CrashFaultSimulation;
import io.trestle.consensus.sim.CrashFaultSimulation.Injection;
import io.trestle.consensus.sim.CrashFaultSimulation.Node;
import io.trestle.consensus.sim.FakeCrypto;
import io.trestle.consensus.sim.TestCommittee;
import io.trestle.verifier.proof.CommitteeRotations;
import java.util.List;
import java.util.Optional;

/**
 * Nodes running {@link EpochSwitchingEngine} in the crash-fault simulator: epoch 0 runs {@code
 * from}, a rotation observed at {@code rotateAtMs} names epoch 1 (same members) running {@code to}
 * from {@code activationHeight}.
 */
final class EpochSim {
  final Committee epoch0;
  final Committee epoch1;
  final CrashFaultSimulation sim;
  final long activationHeight;

  EpochSim(
      CrashFaultSimulation.Options base,
      ConsensusEngine from,
      ConsensusEngine to,
      long rotateAtMs,
      long activationHeight) {
    long seed = base.seed();
    Committee c = TestCommittee.ofSize(base.nodes(), seed);
    this.epoch0 = new Committee(c.committeeId(), 0, from, c.members());
    this.epoch1 = new Committee(c.committeeId(), 1, to, c.members());
    this.activationHeight = activationHeight;
    CrossChainMessage rotation = rotation(new CommitteeRotation(epoch1, activationHeight));
    CrashFaultSimulation.Options options =
        new CrashFaultSimulation.Options(
            seed,
            base.nodes(),
            base.loss(),
            base.duplicate(),
            base.partitions(),
            base.maxCrashed(),
            base.faultPhaseMs(),
            base.healPhaseMs(),
            base.messagesPerSecond(),
            List.of(new Injection(rotateAtMs, rotation)));
    CommitteeView v0 = new CommitteeView(epoch0);
    CommitteeView v1 = new CommitteeView(epoch1);
    this.sim =
        new CrashFaultSimulation(
            options, node -> engine(node, seed), epoch -> epoch == 0 ? v0 : v1);
  }

  static CrossChainMessage rotation(CommitteeRotation r) {
    return CommitteeRotations.rotationMessage(r);
  }

  private EpochSwitchingEngine engine(Node node, long seed) {
    EngineFactory factory =
        (segment, lastHeight, terminator) -> {
          int self = segment.committee().indexOf(node.key);
          if (self < 0) {
            return Optional.empty();
          }
          return Optional.of(
              switch (segment.engine()) {
                case RAFT ->
                    new RaftEngine(
                        new RaftConfig(300, 50, 16, 4, 16, seed + segment.startEpoch(), 1024),
                        segment.committee(),
                        self,
                        FakeCrypto.signer(node.key),
                        FakeCrypto.VERIFIER,
                        node.oracle(),
                        node.log,
                        terminator,
                        lastHeight);
                case HOTSTUFF ->
                    new HotStuffEngine(
                        new HotStuffConfig(epoch0, node.id, 200, 5, 16, 32, 64),
                        FakeCrypto.signer(node.key),
                        FakeCrypto.VERIFIER,
                        node.oracle(),
                        node.log,
                        terminator);
              });
        };
    return new EpochSwitchingEngine(
        epoch0,
        node.log,
        factory,
        FakeCrypto.VERIFIER,
        v -> {
          throw new AssertionError("invariant: " + v.getMessage() + "\n" + v.stateDump(), v);
        });
  }
}
