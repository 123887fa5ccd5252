package io.trestle.consensus.raft;

import io.trestle.canonical.v1.Committee;
import io.trestle.consensus.core.CommittedLog;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.consensus.core.ConsensusEngine;
import io.trestle.consensus.core.ConsensusEngineContract;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.core.Terminator;
import io.trestle.consensus.sim.FakeCrypto;

class RaftEngineContractTest extends ConsensusEngineContract {
  @Override
  protected io.trestle.canonical.v1.ConsensusEngine kind() {
    return io.trestle.canonical.v1.ConsensusEngine.RAFT;
  }

  @Override
  protected ConsensusEngine create(
      Committee committee,
      int self,
      byte[] key,
      CommittedLog log,
      ObservationOracle oracle,
      Terminator terminator) {
    return new RaftEngine(
        RaftConfig.defaults(self),
        new CommitteeView(committee),
        self,
        FakeCrypto.signer(key),
        FakeCrypto.VERIFIER,
        oracle,
        log,
        terminator,
        () -> Long.MAX_VALUE);
  }
}
