package io.trestle.consensus.node;

import io.trestle.canonical.v1.Committee;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.driver.Driver;
import io.trestle.consensus.driver.SignaturePreverifier;
import io.trestle.consensus.driver.StoreCommittedLog;
import io.trestle.consensus.hotstuff.HotStuffConfig;
import io.trestle.consensus.hotstuff.HotStuffEngine;
import io.trestle.consensus.hotstuff.HotStuffSafety;
import io.trestle.consensus.net.Transport;
import io.trestle.consensus.store.BlockStore;
import io.trestle.consensus.store.FileOpener;
import io.trestle.consensus.store.Wal;
import io.trestle.consensus.store.WalCorruptException;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Assembles one replica from its parts: identity key, genesis committee, a transport, a data
 * directory ({@code wal} and {@code blocks} files) and an observation oracle. Used by {@link
 * NodeMain} with the Netty transport and by tests with the in-memory network.
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
    HotStuffConfig config =
        new HotStuffConfig(
            committee,
            PeerId.of(key.publicKey()),
            tuning.baseTimeoutMs(),
            6,
            tuning.maxBatch(),
            64,
            64);
    HotStuffEngine engine =
        new HotStuffEngine(
            config,
            key::sign,
            verifier,
            oracle,
            new StoreCommittedLog(blocks, committee),
            report ->
                LOG.log(
                    System.Logger.Level.ERROR,
                    "consensus invariant violated, halting: " + report.getMessage()));
    return new Driver(
        engine,
        transport,
        wal,
        HotStuffSafety::decode,
        blocks,
        keys.stream().map(PeerId::of).toList(),
        verifier,
        tuning.inboxCapacity(),
        onCommit);
  }
}
