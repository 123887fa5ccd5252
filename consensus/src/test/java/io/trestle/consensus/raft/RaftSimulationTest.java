package io.trestle.consensus.raft;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.consensus.core.Action;
import io.trestle.consensus.raft.RaftMessage.Append;
import io.trestle.consensus.raft.RaftMessage.VoteReply;
import io.trestle.consensus.sim.CrashFaultSimulation;
import io.trestle.consensus.sim.CrashFaultSimulation.Options;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Raft in the crash-fault simulator over many seeds: crashes and restarts (also between persist and
 * send), partitions, loss, duplication and reordering. Besides the simulator's invariants (one
 * block per height, prefixes, valid commit QCs, each message committed once, liveness after heal)
 * it checks two Raft rules on the wire: at most one leader per term (§5.2 Election Safety, seen as
 * the senders of AppendEntries) and at most one granted vote per member and term, across restarts.
 * Replay one seed: {@code -Dtest=RaftSimulationTest -Draft.seed=S -Draft.n=N}.
 */
class RaftSimulationTest {
  static Stream<Arguments> seeds() {
    String seed = System.getProperty("raft.seed");
    if (seed != null) {
      return Stream.of(Arguments.of(Long.parseLong(seed), Integer.getInteger("raft.n", 5)));
    }
    int count = Integer.getInteger("raft.seeds", soak() ? Integer.getInteger("sim.seeds") / 3 : 70);
    return Stream.of(3, 5, 7)
        .flatMap(n -> LongStream.range(0, count).mapToObj(s -> Arguments.of(1000L * n + s, n)));
  }

  @ParameterizedTest(name = "seed {0} n={1}")
  @MethodSource("seeds")
  void crashFaultsKeepRaftSafeAndLive(long seed, int n) {
    Options faults = Options.crashFaults(seed, n, (n - 1) / 2);
    Options options =
        new Options(
            seed,
            n,
            faults.loss(),
            faults.duplicate(),
            faults.partitions(),
            faults.maxCrashed(),
            2_000,
            3_000,
            50,
            List.of());
    Map<Long, Integer> leaderOfTerm = new HashMap<>();
    Map<String, Integer> voteOf = new HashMap<>();
    CrashFaultSimulation sim = RaftSim.simulation(options);
    sim.observe(
        (node, action) -> {
          if (action instanceof Action.Send s && s.message() instanceof Append a) {
            Integer other = leaderOfTerm.putIfAbsent(a.term(), node.index);
            if (other != null && other != node.index) {
              throw new AssertionError("two leaders in term " + a.term() + " seed " + seed);
            }
          }
          if (action instanceof Action.Send s
              && s.message() instanceof VoteReply v
              && v.granted()) {
            String key = node.index + "@" + v.term();
            Integer to =
                sim.nodes.stream().filter(x -> x.id.equals(s.to())).findFirst().get().index;
            Integer before = voteOf.putIfAbsent(key, to);
            if (before != null && !before.equals(to)) {
              throw new AssertionError("node " + key + " voted twice, seed " + seed);
            }
          }
        });
    try {
      sim.run();
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + "\nreplay: ./mvnw -pl consensus test -Dtest=RaftSimulationTest -Draft.seed="
              + seed
              + " -Draft.n="
              + n,
          e);
    }
    assertTrue(sim.minCommittedHeight() > 0, "nothing committed, seed " + seed);
  }

  /** Under {@code -Psoak} the module sets {@code sim.seeds} (10,000): a third of it per case. */
  private static boolean soak() {
    return Integer.getInteger("sim.seeds", 0) >= 1_000;
  }
}
