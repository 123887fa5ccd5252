package io.trestle.consensus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.ObservationOracle.Verdict;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticLoadTest {
  private static CrossChainMessage with(CrossChainMessage m, byte[] sender, long dest, byte[] p) {
    return new CrossChainMessage(
        m.sourceChainId(), m.sourceGateway(), m.nonce(), sender, dest, m.recipient(), p);
  }

  @Test
  void aStreamMessageIsObservedOnceDueAndPendingBefore() {
    long now = System.currentTimeMillis();
    var load = new SyntheticLoad(10, now - 250); // messages 1..3 are due, 100 is ~10 s away
    assertEquals(Verdict.OBSERVED, load.check(Hash32.ZERO, SyntheticLoad.message(3)));
    assertEquals(Verdict.PENDING, load.check(Hash32.ZERO, SyntheticLoad.message(100)));
    assertEquals(
        List.of(1L, 2L, 3L), load.due(now, 10).stream().map(CrossChainMessage::nonce).toList());
    assertEquals(4, load.nextNonce());
  }

  @Test
  void anyChangedPayloadByteOrFieldIsRejected() {
    var load = new SyntheticLoad(10, System.currentTimeMillis() - 10_000);
    CrossChainMessage m = SyntheticLoad.message(7);
    assertEquals(Verdict.OBSERVED, load.check(Hash32.ZERO, m));
    for (int i = 0; i < m.payload().length; i++) {
      byte[] p = m.payload().clone();
      p[i] ^= 1;
      assertEquals(
          Verdict.REJECTED,
          load.check(Hash32.ZERO, with(m, m.sender(), m.destChainId(), p)),
          "payload byte " + i);
    }
    assertEquals(
        Verdict.REJECTED,
        load.check(Hash32.ZERO, with(m, new byte[20], m.destChainId(), m.payload())));
    assertEquals(Verdict.REJECTED, load.check(Hash32.ZERO, with(m, m.sender(), 3, m.payload())));
    byte[] longer = Arrays.copyOf(m.payload(), 201);
    assertEquals(
        Verdict.REJECTED, load.check(Hash32.ZERO, with(m, m.sender(), m.destChainId(), longer)));
  }

  @Test
  void onlyMessagesDueAfterTheWarmUpAreMeasured() {
    var load = new SyntheticLoad(100, 1_000_000);
    assertFalse(load.measured(1));
    assertFalse(load.measured(1_000)); // due at +9.99 s
    assertTrue(load.measured(1_001)); // due at +10 s
  }
}
