package io.trestle.consensus.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.sim.CrashFaultSimulation;
import io.trestle.consensus.sim.CrashFaultSimulation.Node;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Engine switch at an epoch boundary under crash faults, over many seeds. The simulator checks on
 * every commit that all nodes commit one gap-free chain, each block with a valid QC of its epoch,
 * each message at most once, and at the end that every message observed was committed (in-flight
 * messages of the old epoch were re-proposed in the new one). This test adds: every node crossed
 * the boundary, epoch 0 ends exactly at {@code activationHeight - 1} and epoch 1 starts at {@code
 * activationHeight}, and both epochs committed messages.
 */
class EpochSwitchSimulationTest {
  static final long ACTIVATION = 120;

  static Stream<Arguments> seeds() {
    String seed = System.getProperty("epoch.seed");
    if (seed != null) {
      return Stream.of(
          Arguments.of(
              Long.parseLong(seed),
              ConsensusEngine.valueOf(System.getProperty("epoch.from", "RAFT")),
              ConsensusEngine.valueOf(System.getProperty("epoch.to", "HOTSTUFF"))));
    }
    int count =
        Integer.getInteger("epoch.seeds", soak() ? Integer.getInteger("sim.seeds") / 3 : 20);
    return Stream.of(
            new ConsensusEngine[] {ConsensusEngine.RAFT, ConsensusEngine.RAFT},
            new ConsensusEngine[] {ConsensusEngine.HOTSTUFF, ConsensusEngine.RAFT},
            new ConsensusEngine[] {ConsensusEngine.RAFT, ConsensusEngine.HOTSTUFF})
        .flatMap(
            p -> LongStream.range(0, count).mapToObj(s -> Arguments.of(77_000L + s, p[0], p[1])));
  }

  @ParameterizedTest(name = "seed {0} {1} -> {2}")
  @MethodSource("seeds")
  void switchKeepsOneOrderedLog(long seed, ConsensusEngine from, ConsensusEngine to) {
    CrashFaultSimulation.Options base = CrashFaultSimulation.Options.crashFaults(seed, 4, 1);
    CrashFaultSimulation.Options calmer =
        new CrashFaultSimulation.Options(
            seed,
            4,
            base.loss(),
            base.duplicate(),
            base.partitions(),
            base.maxCrashed(),
            2_500,
            5_000,
            40,
            base.injections());
    EpochSim es = new EpochSim(calmer, from, to, 150, ACTIVATION);
    try {
      es.sim.run();
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + "\nreplay: ./mvnw -pl consensus test -Dtest=EpochSwitchSimulationTest -Depoch.seed="
              + seed
              + " -Depoch.from="
              + from
              + " -Depoch.to="
              + to,
          e);
    }
    for (Node node : es.sim.nodes) {
      long tip = node.log.tipHeight();
      assertTrue(tip >= ACTIVATION, "node " + node.index + " never crossed, tip " + tip);
      boolean msgs0 = false;
      boolean msgs1 = false;
      for (long h = 1; h <= tip; h++) {
        Block b = node.log.block(h).orElseThrow();
        assertEquals(h < ACTIVATION ? 0 : 1, b.header().epoch(), "epoch of block " + h);
        msgs0 |= h < ACTIVATION && !b.messages().isEmpty();
        msgs1 |= h >= ACTIVATION && !b.messages().isEmpty();
      }
      assertTrue(msgs0 && msgs1, "both epochs commit messages at node " + node.index);
    }
  }

  /** Under {@code -Psoak} the module sets {@code sim.seeds} (10,000): a third of it per case. */
  private static boolean soak() {
    return Integer.getInteger("sim.seeds", 0) >= 1_000;
  }
}
