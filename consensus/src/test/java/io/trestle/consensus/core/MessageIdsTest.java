package io.trestle.consensus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.node.SyntheticLoad;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link MessageIds} is a cache: its answer is always {@code hash(message)}. */
class MessageIdsTest {
  private static Hash32 plain(CrossChainMessage m) {
    return Hash32.of(m.hash());
  }

  @Test
  void anEqualCopyIsNotHashedAgain() {
    MessageIds ids = new MessageIds(16);
    CrossChainMessage m = SyntheticLoad.message(7);
    assertEquals(plain(m), ids.idOf(m));
    CrossChainMessage copy = SyntheticLoad.message(7);
    assertEquals(plain(copy), ids.idOf(copy));
    assertEquals(1, ids.hashed());
  }

  @Test
  void everyFieldChangeAtTheSamePositionGetsItsOwnHash() {
    SplittableRandom r = new SplittableRandom(1);
    MessageIds ids = new MessageIds(1024);
    CrossChainMessage m = SyntheticLoad.message(9);
    ids.idOf(m);
    for (int field = 0; field < 5; field++) {
      byte[] sender = m.sender().clone();
      byte[] recipient = m.recipient().clone();
      byte[] payload = m.payload().clone();
      long dest = m.destChainId();
      switch (field) {
        case 0 -> sender[r.nextInt(20)] ^= 1;
        case 1 -> recipient[r.nextInt(20)] ^= 1;
        case 2 -> payload[r.nextInt(payload.length)] ^= 1;
        case 3 -> dest++;
        default -> payload = java.util.Arrays.copyOf(payload, payload.length + 1);
      }
      CrossChainMessage other =
          new CrossChainMessage(
              m.sourceChainId(), m.sourceGateway(), m.nonce(), sender, dest, recipient, payload);
      assertEquals(plain(other), ids.idOf(other), "field " + field);
      assertEquals(plain(m), ids.idOf(m), "original after field " + field);
    }
  }

  @Test
  void forgetsTheOldestBeyondItsCapacityAndStaysCorrect() {
    MessageIds ids = new MessageIds(4);
    for (long n = 1; n <= 10; n++) {
      assertEquals(plain(SyntheticLoad.message(n)), ids.idOf(SyntheticLoad.message(n)));
    }
    long before = ids.hashed();
    ids.idOf(SyntheticLoad.message(10));
    assertEquals(before, ids.hashed(), "recent: cached");
    ids.idOf(SyntheticLoad.message(1));
    assertEquals(before + 1, ids.hashed(), "evicted: hashed again");
    assertThrows(IllegalArgumentException.class, () -> new MessageIds(0));
  }
}
