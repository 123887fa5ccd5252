package io.trestle.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Byzantine leader that, after each TC, extends a QC two blocks older than the TC's highest
 * (Behaviour.FORK) on a lossy network that produces many TCs. Honest replicas refuse such blocks
 * twice over: the justify of a post-TC proposal must be at least max(tc.highQcViews), and a block
 * whose parent is at or below the replica's committed block is never added to its tree. (Removing
 * only the first check is not detected here: the second one still stops these forks.)
 */
class ForkingLeaderTest {
  @Test
  void forkAttemptsAfterTimeoutCertificatesNeverCommit() {
    long attempts = 0;
    for (long seed = 1; seed <= 12; seed++) {
      SimOptions o =
          new SimOptions(
              seed,
              4,
              0,
              Map.of(1, Behaviour.FORK),
              0.2,
              0.0,
              false,
              false,
              2,
              10,
              40,
              60,
              3_000,
              2_000,
              20,
              List.of(),
              2_000_000);
      Simulation sim = new Simulation(o);
      sim.run();
      attempts += sim.byzantine.forks;
    }
    assertTrue(attempts > 0, "the forking leader never got to try");
  }
}
