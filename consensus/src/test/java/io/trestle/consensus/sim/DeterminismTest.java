package io.trestle.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One seed, two runs: the same figures and the same committed logs, block for block. */
class DeterminismTest {
  private static List<Object> fingerprint(long seed, int n) {
    Simulation sim = new Simulation(SimOptions.mixed(seed, n));
    List<Object> print = new ArrayList<>();
    print.add(sim.run());
    for (SimNode node : sim.nodes) {
      for (long h = 1; h <= node.log.tipHeight(); h++) {
        print.add(node.log.hash(h));
      }
      print.add(
          node.persisted.map(r -> java.util.HexFormat.of().formatHex(r.encode())).orElse("-"));
    }
    return print;
  }

  @Test
  void sameSeedSameRun() {
    assertEquals(fingerprint(17, 7), fingerprint(17, 7));
  }
}
