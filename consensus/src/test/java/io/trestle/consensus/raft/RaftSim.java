package io.trestle.consensus.raft;

import io.trestle.canonical.v1.Committee;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.consensus.core.ConsensusEngine;
import io.trestle.consensus.sim.CrashFaultSimulation;
import io.trestle.consensus.sim.FakeCrypto;
import io.trestle.consensus.sim.TestCommittee;
import java.util.function.Function;

/** Raft engines for the crash-fault simulator: one committee of n, weight 1 each. */
final class RaftSim {
  private RaftSim() {}

  static Committee committee(int n, long seed) {
    Committee c = TestCommittee.ofSize(n, seed);
    return new Committee(
        c.committeeId(), 0, io.trestle.canonical.v1.ConsensusEngine.RAFT, c.members());
  }

  static Function<CrashFaultSimulation.Node, ConsensusEngine> factory(
      Committee committee, long seed) {
    CommitteeView view = new CommitteeView(committee);
    RaftConfig config = new RaftConfig(300, 50, 16, 4, 16, seed, 1024);
    return node ->
        new RaftEngine(
            config,
            view,
            node.index,
            FakeCrypto.signer(node.key),
            FakeCrypto.VERIFIER,
            node.oracle(),
            node.log,
            v -> {
              throw new AssertionError("invariant: " + v.getMessage() + "\n" + v.stateDump(), v);
            },
            () -> Long.MAX_VALUE);
  }

  static CrashFaultSimulation simulation(CrashFaultSimulation.Options options) {
    Committee committee = committee(options.nodes(), options.seed());
    CommitteeView view = new CommitteeView(committee);
    return new CrashFaultSimulation(options, factory(committee, options.seed()), epoch -> view);
  }
}
