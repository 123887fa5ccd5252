package io.trestle.relayer.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.ObservationOracle.Verdict;
import io.trestle.relayer.contracts.GatewayMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservedMessagesTest {
  static final String GW = "0x" + "ab".repeat(20);
  int changes;
  final ObservedMessages oracle = new ObservedMessages(() -> changes++);

  static GatewayMessage message(long chain, long nonce, String payload) {
    return new GatewayMessage(
        chain, GW, nonce, "0x" + "11".repeat(20), 9, "0x" + "22".repeat(20), payload.getBytes());
  }

  static Observation observed(GatewayMessage m) {
    return new Observation(
        m,
        GatewayMessage.toHex(m.id()),
        5,
        "0x" + "00".repeat(32),
        "0x" + "01".repeat(32),
        0,
        3,
        0);
  }

  static Verdict check(ObservedMessages o, GatewayMessage m) {
    return o.check(Hash32.of(m.id()), m.toCanonical());
  }

  @Test
  void pendingUntilObservedThenObserved() {
    GatewayMessage m = message(1, 1, "a");
    assertEquals(Verdict.PENDING, check(oracle, m));
    oracle.accept(1, List.of(observed(m)));
    assertEquals(Verdict.OBSERVED, check(oracle, m));
    assertEquals(1, changes);
  }

  @Test
  void otherContentUnderAnObservedNonceOrAWrongIdIsRejected() {
    GatewayMessage m = message(1, 1, "a");
    oracle.accept(1, List.of(observed(m)));
    GatewayMessage forged = message(1, 1, "b");
    assertEquals(Verdict.REJECTED, check(oracle, forged));
    assertEquals(Verdict.REJECTED, oracle.check(Hash32.of(forged.id()), m.toCanonical()));
  }

  @Test
  void haltedChainIsRejectedEvenForObservedMessages() {
    GatewayMessage m = message(1, 1, "a");
    GatewayMessage other = message(2, 1, "a");
    oracle.accept(1, List.of(observed(m)));
    oracle.accept(2, List.of(observed(other)));
    oracle.halted(1, "deep re-org");
    assertEquals(Verdict.REJECTED, check(oracle, m));
    assertEquals(Verdict.REJECTED, check(oracle, message(1, 2, "new")));
    assertEquals(Verdict.OBSERVED, check(oracle, other));
    assertEquals(3, changes);
  }
}
