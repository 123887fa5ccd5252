package io.trestle.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CommitteeRotation;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.verifier.proof.CommitteeRotations;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Consensus recognises a committed rotation by exactly the rule the offline verifier applies
 * ({@link CommitteeRotations#carries}): a message the verifier would refuse as a rotation never
 * switches the committee, and the one it accepts always does.
 */
class RotationConventionTest {
  private final Committee genesis = TestCommittee.of(List.of(0, 1, 2, 3), 11, 0);
  private final CommitteeView current = new CommitteeView(genesis);
  private final CommitteeRotation rotation =
      new CommitteeRotation(TestCommittee.of(List.of(1, 2, 3, 4), 11, 1), 100);
  private final CrossChainMessage canonical = CommitteeRotations.rotationMessage(rotation);

  @Test
  void theVerifiersRotationMessageIsARotation() {
    assertArrayEquals(rotation.encode(), current.rotationIn(canonical, 50).orElseThrow().encode());
    assertTrue(current.rotationIn(canonical, 100).isEmpty(), "activates above its block");
  }

  @Test
  void anyOtherShapeWithChainIdZeroIsNot() {
    byte[] one = new byte[20];
    one[19] = 1;
    byte[] payload = rotation.encode();
    List<CrossChainMessage> variants =
        List.of(
            new CrossChainMessage(0, one, 1, new byte[20], 0, new byte[20], payload),
            new CrossChainMessage(0, new byte[20], 1, one, 0, new byte[20], payload),
            new CrossChainMessage(0, new byte[20], 1, new byte[20], 0, one, payload),
            new CrossChainMessage(0, new byte[20], 1, new byte[20], 5, new byte[20], payload),
            new CrossChainMessage(0, new byte[20], 7, new byte[20], 0, new byte[20], payload));
    for (CrossChainMessage m : variants) {
      assertTrue(current.rotationIn(m, 50).isEmpty(), m.toString());
    }
  }
}
