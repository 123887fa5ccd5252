package io.trestle.consensus.raft;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.consensus.core.Action;
import io.trestle.consensus.raft.RaftMessage.Append;
import io.trestle.consensus.raft.RaftMessage.VoteReply;
import io.trestle.consensus.sim.CrashFaultSimulation;
import io.trestle.consensus.sim.CrashFaultSimulation.Options;
import java.util.HashMap;
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
    int count = Integer.getInteger("raft.seeds", 70);
    return Stream.of(3, 5, 7)
        .flatMap(n -> LongStream.range(0, count).mapToObj(s -> Arguments.of(1000L * n + s, n)));
  }

  @ParameterizedTest(name = "seed {0} n={1}")
  @MethodSource("seeds")
  void crashFaultsKeepRaftSafeAndLive(long seed, int n) {
    Options options = Options.crashFaults(seed, n, (n - 1) / 2);
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
    sim.run();
    assertTrue(sim.minCommittedHeight() > 0, "nothing committed, seed " + seed);
  }
}
