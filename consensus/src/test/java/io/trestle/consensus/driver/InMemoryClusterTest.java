package io.trestle.consensus.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.net.InMemoryNetwork;
import io.trestle.consensus.node.Replica;
import io.trestle.consensus.store.FileOpener;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Four drivers with real engines, WALs and block stores over the in-memory network. */
class InMemoryClusterTest {
  @TempDir Path dir;
  private final List<Driver> drivers = new ArrayList<>();
  private InMemoryNetwork net;

  @AfterEach
  void stop() {
    drivers.forEach(Driver::close);
    if (net != null) {
      net.close();
    }
  }

  private static final int MSGS = 100;

  static final ObservationOracle ALL_OBSERVED = (id, m) -> ObservationOracle.Verdict.OBSERVED;

  /**
   * HotStuff, and Raft through the epoch-switching engine (its messages as {@code
   * PROTOCOL_ID_EPOCH_SEGMENT} envelopes, its WAL records as {@code SegmentSafety}).
   */
  @ParameterizedTest
  @EnumSource(ConsensusEngine.class)
  void fourReplicasCommitTheSameBlocksAndSubmittedMessages(ConsensusEngine engine)
      throws Exception {
    List<Ed25519KeyPair> keys = TestCommittees.keys(4, 1);
    Committee h = TestCommittees.committee(keys);
    Committee c = new Committee(h.committeeId(), 0, engine, h.members());
    net = new InMemoryNetwork(4, 4096);
    Map<Long, Hash32> byHeight = new ConcurrentHashMap<>();
    List<String> forks = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 4; i++) {
      drivers.add(
          Replica.assemble(
              keys.get(i),
              c,
              net.endpoint(i),
              dir.resolve("n" + i),
              ALL_OBSERVED,
              new Replica.Tuning(1_000, 64, 4096),
              done -> {
                Hash32 prev = byHeight.putIfAbsent(done.block().height(), done.block().hash());
                if (prev != null && !prev.equals(done.block().hash())) {
                  forks.add("fork at " + done.block().height());
                }
              },
              FileOpener.DEFAULT));
    }
    drivers.forEach(Driver::start);
    List<io.trestle.canonical.v1.CrossChainMessage> batch = new ArrayList<>();
    for (int k = 1; k <= MSGS; k++) {
      batch.add(TestCommittees.message(k));
    }
    for (Driver d : drivers) {
      d.submit(batch);
    }
    for (int t = 0;
        t < 1_200
            && drivers.stream().mapToLong(d -> d.stats().committedMessages.sum()).min().orElse(0)
                < MSGS;
        t++) {
      Thread.sleep(50);
    }
    for (Driver d : drivers) {
      assertTrue(d.halted().isEmpty(), () -> "halted: " + d.halted());
      assertEquals(MSGS, d.stats().committedMessages.sum(), d.describe());
      assertTrue(d.stats().safetySaves.sum() > 0);
    }
    assertTrue(forks.isEmpty(), forks.toString());
  }
}
