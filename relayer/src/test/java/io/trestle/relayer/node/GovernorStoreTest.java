package io.trestle.relayer.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.relayer.contracts.Abi;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.deliver.Batch;
import io.trestle.relayer.governor.Governor;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GovernorStoreTest {
  static final String TOKEN = "0x" + "7a".repeat(20);
  static final long DAY = 86_400_000;

  @TempDir Path dir;
  int nonce;

  GatewayMessage transfer(long amount) {
    byte[] payload =
        Abi.concat(
            Abi.uint(1),
            Abi.uint64(1),
            Abi.address(GatewayMessage.hex(TOKEN)),
            Abi.address(new byte[20]),
            Abi.uint(amount));
    return new GatewayMessage(
        1,
        "0x" + "01".repeat(20),
        ++nonce,
        "0x" + "02".repeat(20),
        2,
        "0x" + "03".repeat(20),
        payload);
  }

  static Governor governor() {
    Governor g = new Governor(Duration.ofDays(1));
    g.setLimit(1, 1, TOKEN, new Governor.Limit(BigInteger.valueOf(1000), Duration.ofHours(1)));
    return g;
  }

  static BitSet bits(int... i) {
    BitSet b = new BitSet();
    for (int x : i) {
      b.set(x);
    }
    return b;
  }

  @Test
  void heldMessagesSurviveARestartAndAreReleasedWithTheirBatch() throws Exception {
    Path f = dir.resolve("governor.state");
    GovernorStore s = GovernorStore.open(f, governor());
    GatewayMessage ok = transfer(900);
    GatewayMessage big = transfer(200);
    Batch batch = new Batch(2, 0, 17, List.of(ok, big));
    assertInstanceOf(Governor.Release.class, s.governor().admit(ok, 0));
    assertInstanceOf(Governor.Delayed.class, s.governor().admit(big, 0));
    s.hold(batch, bits(1));

    GovernorStore t = GovernorStore.open(f, governor());
    assertEquals(1, t.governor().queue().size());
    assertTrue(t.isHeld(batch, 1));
    assertFalse(t.isHeld(batch, 0));
    assertEquals(List.of(), t.releaseDue(DAY - 1));
    List<GovernorStore.Work> due = t.releaseDue(DAY);
    assertEquals(1, due.size());
    assertEquals(17, due.get(0).batch().height());
    assertEquals(bits(1), due.get(0).indices());
    assertTrue(java.util.Arrays.equals(batch.root(), due.get(0).batch().root()));

    // released but not delivered yet: a restart delivers it again
    GovernorStore u = GovernorStore.open(f, governor());
    assertEquals(1, u.releasedPending().size());
    assertTrue(u.isHeld(batch, 1));
    u.delivered(u.releasedPending().get(0));
    GovernorStore v = GovernorStore.open(f, governor());
    assertEquals(List.of(), v.releasedPending());
    assertFalse(v.isHeld(batch, 1));
    assertTrue(v.governor().queue().isEmpty());
  }

  @Test
  void adminReleaseHandsOutTheHeldMessage() throws Exception {
    GovernorStore s = GovernorStore.open(dir.resolve("g.state"), governor());
    GatewayMessage big = transfer(5000);
    Batch batch = new Batch(2, 0, 3, List.of(big));
    assertInstanceOf(Governor.Delayed.class, s.governor().admit(big, 0));
    s.hold(batch, bits(0));
    assertEquals(List.of(), s.release("0x" + "00".repeat(32)));
    List<GovernorStore.Work> w = s.release(GatewayMessage.toHex(big.id()));
    assertEquals(1, w.size());
    assertEquals(bits(0), w.get(0).indices());
  }

  @Test
  void aPauseIsDurableAndResumeHandsOutWhatPassesTheLimit() throws Exception {
    Path f = dir.resolve("paused.state");
    GovernorStore s = GovernorStore.open(f, governor());
    s.pause(1);
    GatewayMessage small = transfer(100);
    GatewayMessage big = transfer(5000);
    Batch batch = new Batch(2, 0, 9, List.of(small, big));
    assertInstanceOf(Governor.Paused.class, s.governor().admit(small, 0));
    assertInstanceOf(Governor.Paused.class, s.governor().admit(big, 0));
    s.hold(batch, bits(0, 1));
    assertEquals(List.of(), s.releaseDue(2 * DAY)); // paused: nothing is due, whatever the time

    GovernorStore t = GovernorStore.open(f, governor());
    assertTrue(t.governor().isPaused(1));
    assertTrue(t.isHeld(batch, 0));
    List<GovernorStore.Work> w = t.resume(1, 0);
    assertEquals(1, w.size());
    assertEquals(bits(0), w.get(0).indices()); // the big one now waits for its limit's delay
    assertTrue(t.isHeld(batch, 1));

    GovernorStore u = GovernorStore.open(f, governor());
    assertFalse(u.governor().isPaused(1));
    assertEquals(1, u.releasedPending().size());
    assertInstanceOf(Governor.Release.class, u.governor().admit(transfer(10), 0));
  }
}
