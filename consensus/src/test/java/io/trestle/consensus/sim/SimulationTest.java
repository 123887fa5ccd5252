package io.trestle.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded Byzantine simulations with mixed faults (fake crypto), invariants checked after every
 * step. By default 510 seeds over n = 4, 7, 10 (n = [4, 7, 10][seed % 3]); {@code
 * -Dsim.seeds=10000} (the {@code soak} profile) runs more, {@code -Dsim.seed=S -Dsim.n=N} replays
 * one. A failure message ends with that one-line reproducer.
 */
class SimulationTest {
  private static final int[] SIZES = {4, 7, 10};

  static Stream<Arguments> seeds() {
    String one = System.getProperty("sim.seed");
    if (one != null && !one.isBlank()) {
      long seed = Long.parseLong(one.trim());
      int n = Integer.getInteger("sim.n", SIZES[(int) Math.floorMod(seed, 3L)]);
      return Stream.of(Arguments.of(seed, n));
    }
    long count = Long.getLong("sim.seeds", 510);
    long first = Long.getLong("sim.firstSeed", 1);
    return LongStream.range(first, first + count)
        .mapToObj(s -> Arguments.of(s, SIZES[(int) Math.floorMod(s, 3L)]));
  }

  @ParameterizedTest(name = "seed {0} n={1}")
  @MethodSource("seeds")
  void mixedFaultsKeepSafetyAndLiveness(long seed, int n) {
    SimResult r = new Simulation(SimOptions.mixed(seed, n)).run();
    assertTrue(r.committedHeight() > 0, "nothing committed: " + r);
  }
}
