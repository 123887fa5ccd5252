package io.trestle.consensus.hotstuff;

import io.trestle.canonical.v1.Committee;
import io.trestle.consensus.core.CommittedLog;
import io.trestle.consensus.core.ConsensusEngine;
import io.trestle.consensus.core.ConsensusEngineContract;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.core.Terminator;
import io.trestle.consensus.sim.FakeCrypto;

/** The engine contract for HotStuff (written with the Raft engine; see ConsensusEngineContract). */
class HotStuffEngineContractTest extends ConsensusEngineContract {
  @Override
  protected io.trestle.canonical.v1.ConsensusEngine kind() {
    return io.trestle.canonical.v1.ConsensusEngine.HOTSTUFF;
  }

  @Override
  protected ConsensusEngine create(
      Committee committee,
      int self,
      byte[] key,
      CommittedLog log,
      ObservationOracle oracle,
      Terminator terminator) {
    return new HotStuffEngine(
        new HotStuffConfig(committee, PeerId.of(key), 200, 5, 16, 32, 64),
        FakeCrypto.signer(key),
        FakeCrypto.VERIFIER,
        oracle,
        log,
        terminator);
  }
}
