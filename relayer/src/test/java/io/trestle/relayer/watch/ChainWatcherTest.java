package io.trestle.relayer.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.relayer.chain.FakeChain;
import io.trestle.relayer.chain.RpcException;
import io.trestle.relayer.contracts.GatewayAbi;
import io.trestle.relayer.contracts.GatewayMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainWatcherTest {
  static final String GATEWAY = "0x" + "ab".repeat(20);
  static final long CHAIN = 31337;

  @TempDir Path dir;
  final FakeChain chain = new FakeChain(CHAIN, GATEWAY);
  final List<Observation> seen = new ArrayList<>();
  final List<String> alerts = new ArrayList<>();

  ChainWatcher watcher(int confirmations, int maxRange) {
    return new ChainWatcher(
        CHAIN,
        GATEWAY,
        confirmations,
        maxRange,
        0,
        chain,
        new FileCursorStore(dir),
        (c, obs) -> seen.addAll(obs),
        alerts::add,
        () -> 1234L);
  }

  static void drain(ChainWatcher w) {
    while (w.poll()) {}
  }

  List<String> payloads() {
    return seen.stream().map(o -> new String(o.message().payload())).toList();
  }

  @Test
  void reportsOnlyConfirmedMessagesInOrder() {
    ChainWatcher w = watcher(3, 100);
    chain.mine(2, "a", "b");
    chain.mine(2, "c");
    drain(w);
    assertEquals(List.of(), payloads(), "1 and 2 have fewer than 3 confirmations");
    chain.mine(2);
    chain.mine(2);
    drain(w);
    assertEquals(List.of("a", "b"), payloads());
    assertEquals(3, seen.get(0).confirmations());
    chain.mine(2);
    drain(w);
    assertEquals(List.of("a", "b", "c"), payloads());
    assertEquals(WatcherHealth.Status.UP, w.health().status());
  }

  @Test
  void boundedRangesAndRestartResumesExactlyFromTheCursor() {
    for (int i = 0; i < 10; i++) {
      chain.mine(2, "m" + i);
    }
    ChainWatcher w = watcher(0, 3);
    assertTrue(w.poll());
    assertEquals(List.of("m0", "m1"), payloads(), "blocks 0..2");
    assertEquals(3, w.cursor().nextBlock());
    ChainWatcher restarted = watcher(0, 3);
    assertEquals(w.cursor(), restarted.cursor());
    drain(restarted);
    assertEquals(10, seen.size());
    assertEquals(List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"), payloads());
  }

  @Test
  void reorgShallowerThanTheDepthChangesNothing() {
    ChainWatcher w = watcher(3, 100);
    chain.mine(2, "kept");
    for (int i = 0; i < 3; i++) {
      chain.mine(2);
    }
    drain(w);
    chain.mine(2, "orphan");
    chain.mine(2);
    drain(w);
    chain.reorg(2); // both unconfirmed blocks replaced
    chain.mine(2, "replacement");
    for (int i = 0; i < 4; i++) {
      chain.mine(2);
    }
    drain(w);
    assertEquals(List.of("kept", "replacement"), payloads());
    assertEquals(WatcherHealth.Status.UP, w.health().status());
    assertTrue(alerts.isEmpty());
  }

  @Test
  void reorgDeeperThanTheDepthHaltsForGoodAndNothingOrphanedIsReported() {
    ChainWatcher w = watcher(2, 100);
    chain.mine(2, "confirmed");
    chain.mine(2);
    chain.mine(2);
    drain(w);
    assertEquals(List.of("confirmed"), payloads());
    chain.reorg(3); // replaces the processed block
    chain.mine(2, "other fork");
    for (int i = 0; i < 5; i++) {
      chain.mine(2);
    }
    assertFalse(w.poll());
    assertEquals(WatcherHealth.Status.DOWN, w.health().status());
    assertEquals(1, alerts.size());
    assertTrue(alerts.get(0).contains("HALTED"), alerts.get(0));
    drain(w);
    assertEquals(List.of("confirmed"), payloads(), "nothing from the new fork");
    ChainWatcher restarted = watcher(2, 100);
    assertFalse(restarted.poll());
    assertEquals(WatcherHealth.Status.DOWN, restarted.health().status(), "halt survives restart");
  }

  @Test
  void chainShorterThanTheProcessedBlockHalts() {
    ChainWatcher w = watcher(0, 100);
    chain.mine(2, "x");
    chain.mine(2);
    drain(w);
    chain.reorg(2);
    assertFalse(w.poll());
    assertEquals(WatcherHealth.Status.DOWN, w.health().status());
  }

  @Test
  void rpcErrorsDegradeAndRetryWithoutLosingAnything() {
    ChainWatcher w = watcher(0, 100);
    chain.mine(2, "a");
    chain.failNext(2, RpcException.Kind.TRANSIENT);
    assertFalse(w.poll());
    assertEquals(WatcherHealth.Status.DEGRADED, w.health().status());
    assertEquals(1, w.health().rpcErrors());
    assertFalse(w.poll());
    assertEquals(2, w.health().rpcErrors());
    drain(w);
    assertEquals(List.of("a"), payloads());
    assertEquals(WatcherHealth.Status.UP, w.health().status());
  }

  @Test
  void sinkFailureLeavesTheCursorSoTheRangeIsReportedAgain() {
    chain.mine(2, "a");
    int[] failures = {1};
    ChainWatcher w =
        new ChainWatcher(
            CHAIN,
            GATEWAY,
            0,
            100,
            0,
            chain,
            new FileCursorStore(dir),
            (c, obs) -> {
              if (failures[0]-- > 0) {
                throw new IllegalStateException("sink down");
              }
              seen.addAll(obs);
            },
            alerts::add,
            () -> 0L);
    try {
      w.poll();
    } catch (IllegalStateException expected) {
      // the caller's loop logs it and polls again
    }
    assertEquals(0, w.cursor().nextBlock());
    drain(w);
    assertEquals(List.of("a"), payloads());
  }

  @Test
  void logWhoseIdDoesNotMatchItsMessageIsRejectedWithAnAlert() {
    GatewayMessage m =
        new GatewayMessage(
            CHAIN, GATEWAY, 1, "0x" + "11".repeat(20), 2, "0x" + "22".repeat(20), new byte[3]);
    chain.mineRaw(
        List.of(
            GatewayMessage.toHex(GatewayAbi.MESSAGE_SENT_TOPIC),
            "0x" + "00".repeat(32),
            String.format("0x%064x", 1)),
        GatewayMessage.toHex(m.encode()));
    chain.mineRaw(
        List.of(
            GatewayMessage.toHex(GatewayAbi.MESSAGE_SENT_TOPIC),
            "0x" + "00".repeat(32),
            "0x" + "00".repeat(32)),
        "0x1234");
    ChainWatcher w = watcher(0, 100);
    drain(w);
    assertTrue(seen.isEmpty());
    assertEquals(2, w.rejectedLogs());
    assertEquals(2, alerts.size());
    assertEquals(WatcherHealth.Status.UP, w.health().status());
  }
}
