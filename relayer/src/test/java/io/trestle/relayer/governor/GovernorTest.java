package io.trestle.relayer.governor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.relayer.contracts.Abi;
import io.trestle.relayer.contracts.GatewayMessage;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GovernorTest {
  static final String TOKEN = "0x" + "7a".repeat(20);
  static final String OTHER = "0x" + "7b".repeat(20);
  static final long HOUR = 3_600_000;
  int nonce;

  GatewayMessage transfer(long source, String token, long amount) {
    byte[] payload =
        Abi.concat(
            Abi.uint(1),
            Abi.uint64(source),
            Abi.address(GatewayMessage.hex(token)),
            Abi.address(new byte[20]),
            Abi.uint(amount));
    return new GatewayMessage(
        source,
        "0x" + "01".repeat(20),
        ++nonce,
        "0x" + "02".repeat(20),
        2,
        "0x" + "03".repeat(20),
        payload);
  }

  Governor governor() {
    Governor g = new Governor(Duration.ofHours(24));
    g.setLimit(1, 1, TOKEN, new Governor.Limit(BigInteger.valueOf(1000), Duration.ofHours(1)));
    return g;
  }

  @Test
  void underTheLimitPassesOverItIsDelayedThenReleased() {
    Governor g = governor();
    assertInstanceOf(Governor.Release.class, g.admit(transfer(1, TOKEN, 600), 0));
    assertInstanceOf(Governor.Release.class, g.admit(transfer(1, TOKEN, 400), 10));
    GatewayMessage big = transfer(1, TOKEN, 1);
    Governor.Decision d = g.admit(big, 20);
    assertEquals(new Governor.Delayed(20 + 24 * HOUR), d);
    assertEquals(1, g.queue().size());
    assertEquals("DELAYED", g.queue().get(0).reason());
    assertEquals(List.of(), g.releaseDue(24 * HOUR));
    assertEquals(List.of(big), g.releaseDue(24 * HOUR + 20));
    assertTrue(g.queue().isEmpty());
  }

  @Test
  void windowSlides() {
    Governor g = governor();
    assertInstanceOf(Governor.Release.class, g.admit(transfer(1, TOKEN, 1000), 0));
    assertInstanceOf(Governor.Delayed.class, g.admit(transfer(1, TOKEN, 1), HOUR - 1));
    assertInstanceOf(Governor.Release.class, g.admit(transfer(1, TOKEN, 1000), HOUR));
  }

  @Test
  void limitsArePerChainAndTokenAndOtherPayloadsPass() {
    Governor g = governor();
    assertInstanceOf(Governor.Release.class, g.admit(transfer(1, OTHER, 1_000_000), 0));
    assertInstanceOf(Governor.Release.class, g.admit(transfer(5, TOKEN, 1_000_000), 0));
    GatewayMessage plain =
        new GatewayMessage(
            1,
            "0x" + "01".repeat(20),
            99,
            "0x" + "02".repeat(20),
            2,
            "0x" + "03".repeat(20),
            "hi".getBytes());
    assertInstanceOf(Governor.Release.class, g.admit(plain, 0));
  }

  @Test
  void adminReleaseAndChainPause() {
    Governor g = governor();
    GatewayMessage big = transfer(1, TOKEN, 5000);
    g.admit(big, 0);
    assertEquals(List.of(big), g.release(GatewayMessage.toHex(big.id())).stream().toList());
    assertTrue(g.release(GatewayMessage.toHex(big.id())).isEmpty());

    g.pause(1);
    GatewayMessage small = transfer(1, TOKEN, 1);
    assertInstanceOf(Governor.Paused.class, g.admit(small, 0));
    assertEquals("PAUSED", g.queue().get(0).reason());
    assertEquals(List.of(), g.releaseDue(Long.MAX_VALUE - 1));
    assertEquals(List.of(small), g.resume(1, 5));
    assertTrue(g.queue().isEmpty());
  }

  @Test
  void stateSurvivesEncodeAndRestoreAndReadmissionIsIdempotent() {
    Governor g = governor();
    GatewayMessage small = transfer(1, TOKEN, 600);
    GatewayMessage big = transfer(1, TOKEN, 500);
    assertInstanceOf(Governor.Release.class, g.admit(small, 0));
    assertEquals(new Governor.Delayed(5 + 24 * HOUR), g.admit(big, 5));
    g.pause(7);

    Governor again = governor();
    again.restore(g.encodeState());
    assertEquals(g.encodeState(), again.encodeState());
    assertEquals(g.queue(), again.queue());
    assertTrue(again.isPaused(7));
    // the same messages admitted again (a restart re-runs a height): same decisions, counted once
    assertInstanceOf(Governor.Release.class, again.admit(small, 10));
    assertEquals(new Governor.Delayed(5 + 24 * HOUR), again.admit(big, 10));
    assertInstanceOf(Governor.Release.class, again.admit(transfer(1, TOKEN, 400), 11));
    assertEquals(List.of(big), again.releaseDue(5 + 24 * HOUR));
  }

  @Test
  void damagedStateIsRefusedWithATypedError() {
    Governor g = governor();
    for (String bad : List.of("window 1 1", "queued DELAYED 5 zz", "frobnicate 1", "paused x")) {
      org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> g.restore(bad), bad);
    }
  }
}
