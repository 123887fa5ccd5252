package io.trestle.consensus.hotstuff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Block;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The persisted safety record: round trip, and any truncation is a typed rejection. */
class HotStuffSafetyTest {
  private final EngineHarness h = new EngineHarness(0);

  private HotStuffSafety sample() {
    Block b1 = h.block(1, h.genesis().justify(), List.of());
    QuorumCertificate q = h.qc(h.voteData(b1), 1, 2, 3);
    return new HotStuffSafety(7, q);
  }

  @Test
  void roundTrips() {
    HotStuffSafety s = sample();
    HotStuffSafety back = HotStuffSafety.decode(s.encode());
    assertEquals(7, back.lastVotedView());
    assertArrayEquals(s.highQc().encode(), back.highQc().encode());
  }

  @Test
  void truncatedOrForeignBytesAreRejectedWithIllegalArgument() {
    byte[] good = sample().encode();
    for (int len = 0; len < good.length; len++) {
      byte[] cut = Arrays.copyOf(good, len);
      assertThrows(IllegalArgumentException.class, () -> HotStuffSafety.decode(cut), "len " + len);
    }
    byte[] version = good.clone();
    version[3] = 9;
    assertThrows(IllegalArgumentException.class, () -> HotStuffSafety.decode(version));
  }
}
