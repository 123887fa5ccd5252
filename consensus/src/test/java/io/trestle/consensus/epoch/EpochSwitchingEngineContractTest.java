package io.trestle.consensus.epoch;

import io.trestle.canonical.v1.Committee;
import io.trestle.consensus.core.CommittedLog;
import io.trestle.consensus.core.ConsensusEngine;
import io.trestle.consensus.core.ConsensusEngineContract;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.core.Terminator;
import io.trestle.consensus.raft.RaftConfig;
import io.trestle.consensus.raft.RaftEngine;
import io.trestle.consensus.sim.FakeCrypto;
import java.util.Optional;

/** The engine contract for the epoch switch (over Raft, with no rotation committed). */
class EpochSwitchingEngineContractTest extends ConsensusEngineContract {
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
    EngineFactory factory =
        (segment, lastHeight, t) -> {
          int me = segment.committee().indexOf(key);
          return me < 0
              ? Optional.empty()
              : Optional.of(
                  new RaftEngine(
                      RaftConfig.defaults(me),
                      segment.committee(),
                      me,
                      FakeCrypto.signer(key),
                      FakeCrypto.VERIFIER,
                      oracle,
                      log,
                      t,
                      lastHeight));
        };
    return new EpochSwitchingEngine(committee, log, factory, FakeCrypto.VERIFIER, terminator);
  }
}
