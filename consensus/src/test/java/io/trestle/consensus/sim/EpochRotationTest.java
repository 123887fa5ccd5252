package io.trestle.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CommitteeRotation;
import io.trestle.consensus.core.Block;
import io.trestle.verifier.proof.CommitteeRotations;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A committee rotation committed through consensus: genesis members 0..3 hand over to 1..4 (node 0
 * leaves, observer 4 joins) at height 150. Everyone keeps one log; blocks from 150 on belong to
 * epoch 1 and are certified by the new committee.
 */
class EpochRotationTest {
  private static final long ACTIVATION = 150;

  private static SimOptions scenario(
      long seed, Map<Integer, Behaviour> behaviours, long durationMs) {
    Committee next = TestCommittee.of(List.of(1, 2, 3, 4), seed, 1);
    var rotation = new CommitteeRotation(next, ACTIVATION);
    var message = CommitteeRotations.rotationMessage(rotation);
    return new SimOptions(
        seed,
        4,
        1,
        behaviours,
        0.02,
        0.02,
        false,
        false,
        2,
        5,
        10,
        100,
        1_000,
        durationMs,
        30,
        List.of(new SimOptions.Rotation(message, next, 300)),
        2_000_000);
  }

  @Test
  void rotationTakesEffectAtItsActivationHeight() {
    Simulation sim = new Simulation(scenario(7, Map.of(), 5_000));
    SimResult r = sim.run();
    assertTrue(r.committedHeight() > ACTIVATION + 20, "chain did not continue: " + r);
    for (SimNode node : sim.nodes) {
      Block last = node.log.block(ACTIVATION - 1).orElseThrow();
      Block first = node.log.block(ACTIVATION).orElseThrow();
      assertEquals(0, last.header().epoch(), "node " + node.index);
      assertEquals(1, first.header().epoch(), "node " + node.index);
      assertEquals(0, node.log.proof(ACTIVATION - 1).orElseThrow().data().epoch());
      assertEquals(1, node.log.proof(ACTIVATION + 5).orElseThrow().data().epoch());
      assertTrue(first.header().proposer() < 4);
    }
  }

  @Test
  void rotationWithAByzantineMemberOnEachSide() {
    SimResult r = new Simulation(scenario(11, Map.of(2, Behaviour.EQUIVOCATE), 15_000)).run();
    assertTrue(r.committedHeight() > ACTIVATION, "chain did not cross the epoch: " + r);
  }
}
