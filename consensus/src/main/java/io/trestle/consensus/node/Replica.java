package io.trestle.consensus.node;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.core.Terminator;
import io.trestle.consensus.driver.Driver;
import io.trestle.consensus.driver.EpochWireCodec;
import io.trestle.consensus.driver.SignaturePreverifier;
import io.trestle.consensus.driver.StoreCommittedLog;
import io.trestle.consensus.epoch.EngineFactory;
import io.trestle.consensus.epoch.EpochSwitchingEngine;
import io.trestle.consensus.hotstuff.HotStuffConfig;
import io.trestle.consensus.hotstuff.HotStuffEngine;
import io.trestle.consensus.hotstuff.HotStuffSafety;
import io.trestle.consensus.net.Transport;
import io.trestle.consensus.raft.RaftConfig;
import io.trestle.consensus.raft.RaftEngine;
import io.trestle.consensus.store.BlockStore;
import io.trestle.consensus.store.FileOpener;
import io.trestle.consensus.store.Wal;
import io.trestle.consensus.store.WalCorruptException;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Assembles one replica from its parts: identity key, genesis committee, a transport, a data
 * directory ({@code wal} and {@code blocks} files) and an observation oracle. Used by {@link
 * NodeMain} with the Netty transport and by tests with the in-memory network.
 *
 * <p>The genesis committee's engine decides what runs: {@code HOTSTUFF} runs the HotStuff engine
 * (which follows HotStuff-to-HotStuff rotations itself); {@code RAFT} runs the {@link
 * EpochSwitchingEngine}, which runs each epoch with the engine its committee names (Raft, then
 * HotStuff after a rotation that says so), on the wire as {@code PROTOCOL_ID_EPOCH_SEGMENT} and in
 * the WAL as {@code SegmentSafety} ({@link EpochWireCodec}).
 */
public final class Replica {
  private static final System.Logger LOG = System.getLogger(Replica.class.getName());

  private Replica() {}

  /** Engine timing and batching for a node. */
  public record Tuning(long baseTimeoutMs, int maxBatch, int inboxCapacity) {
    public static Tuning defaults() {
      return new Tuning(1_000, 1_024, 16_384);
    }
  }

  /**
   * Opens storage and wires engine, driver and transport (not started).
   *
   * @throws WalCorruptException when the WAL or block store is damaged beyond a torn tail
   */
  public static Driver assemble(
      Ed25519KeyPair key,
      Committee committee,
      Transport transport,
      Path dataDir,
      ObservationOracle oracle,
      Tuning tuning,
      Consumer<Driver.Committed> onCommit,
      FileOpener opener)
      throws IOException, WalCorruptException {
    Files.createDirectories(dataDir);
    Wal.Recovered wal = Wal.open(dataDir.resolve("wal"), Wal.Options.defaults(), opener);
    BlockStore blocks;
    try {
      blocks = BlockStore.open(dataDir.resolve("blocks"), opener);
    } catch (IOException | WalCorruptException e) {
      wal.wal().close();
      throw e;
    }
    List<byte[]> keys = committee.members().stream().map(m -> m.ed25519Key()).toList();
    SignaturePreverifier verifier = new SignaturePreverifier(keys);
    StoreCommittedLog log = new StoreCommittedLog(blocks, committee);
    Terminator terminator =
        report ->
            LOG.log(
                System.Logger.Level.ERROR,
                "consensus invariant violated, halting: " + report.getMessage());
    List<PeerId> peers = keys.stream().map(PeerId::of).toList();
    if (committee.engine() == ConsensusEngine.HOTSTUFF) {
      HotStuffEngine engine =
          new HotStuffEngine(
              hotStuff(committee, key, tuning), key::sign, verifier, oracle, log, terminator);
      return new Driver(
          engine,
          transport,
          wal,
          HotStuffSafety::decode,
          blocks,
          peers,
          verifier,
          tuning.inboxCapacity(),
          onCommit);
    }
    long jitterSeed = new SecureRandom().nextLong();
    EngineFactory factory =
        (segment, lastHeight, segmentTerminator) -> {
          int self = segment.committee().indexOf(key.publicKey());
          if (self < 0) {
            return Optional.empty();
          }
          return Optional.of(
              switch (segment.engine()) {
                case RAFT ->
                    new RaftEngine(
                        raft(tuning, jitterSeed + segment.startEpoch()),
                        segment.committee(),
                        self,
                        key::sign,
                        verifier,
                        oracle,
                        log,
                        segmentTerminator,
                        lastHeight);
                case HOTSTUFF ->
                    new HotStuffEngine(
                        hotStuff(committee, key, tuning),
                        key::sign,
                        verifier,
                        oracle,
                        log,
                        segmentTerminator);
              });
        };
    EpochSwitchingEngine engine =
        new EpochSwitchingEngine(committee, log, factory, verifier, terminator);
    return new Driver(
        engine,
        transport,
        wal,
        EpochWireCodec::decodeSafety,
        EpochWireCodec::encodeSafety,
        blocks,
        peers,
        verifier,
        tuning.inboxCapacity(),
        onCommit);
  }

  private static HotStuffConfig hotStuff(Committee genesis, Ed25519KeyPair key, Tuning tuning) {
    return new HotStuffConfig(
        genesis, PeerId.of(key.publicKey()), tuning.baseTimeoutMs(), 6, tuning.maxBatch(), 64, 64);
  }

  /**
   * Raft timing from the tuning: election timeout = base timeout, heartbeats ten times as often;
   * four blocks in flight, sixteen per append.
   */
  static RaftConfig raft(Tuning tuning, long jitterSeed) {
    long election = tuning.baseTimeoutMs();
    return new RaftConfig(
        election, Math.max(1, election / 10), tuning.maxBatch(), 4, 16, jitterSeed, 1024);
  }
}
