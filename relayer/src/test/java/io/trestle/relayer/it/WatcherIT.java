package io.trestle.relayer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.relayer.chain.ChainReader;
import io.trestle.relayer.chain.FailoverRpc;
import io.trestle.relayer.chain.Web3jChainRpc;
import io.trestle.relayer.watch.ChainWatcher;
import io.trestle.relayer.watch.FileCursorStore;
import io.trestle.relayer.watch.Observation;
import io.trestle.relayer.watch.WatcherHealth;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The watcher on a real hardhat chain: re-orgs by evm_snapshot/evm_revert, a killed endpoint. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatcherIT {
  static final String RECIPIENT = "0x" + "42".repeat(20);
  private TestNet net;
  private final List<Observation> seen = new ArrayList<>();
  private final List<String> alerts = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    net = new TestNet(31337);
  }

  @AfterAll
  void stop() {
    if (net != null) {
      net.close();
    }
  }

  private ChainWatcher watcher(ChainReader rpc, int confirmations) throws Exception {
    return new ChainWatcher(
        31337,
        net.gateways.get(0),
        confirmations,
        50,
        net.rpcs.get(0).blockNumber() + 1,
        rpc,
        new FileCursorStore(Files.createTempDirectory("cursor")),
        (c, obs) -> seen.addAll(obs),
        alerts::add,
        System::currentTimeMillis);
  }

  private List<String> payloads() {
    return seen.stream().map(o -> new String(o.message().payload())).toList();
  }

  private static void drain(ChainWatcher w) {
    while (w.poll()) {}
  }

  @Test
  void reorgBelowTheDepthChangesNothingAndAboveItHalts() throws Exception {
    seen.clear();
    Web3jChainRpc rpc = net.rpcs.get(0);
    ChainWatcher w = watcher(rpc, 3);

    String snap = rpc.raw("evm_snapshot", List.of());
    net.send(0, 8, 2, RECIPIENT, "orphan".getBytes());
    net.mine(0, 1);
    drain(w);
    assertEquals(List.of(), payloads(), "orphan has 2 of 3 confirmations");
    assertEquals("true", rpc.raw("evm_revert", List.of(snap)));
    net.send(0, 9, 2, RECIPIENT, "kept".getBytes());
    net.mine(0, 3);
    drain(w);
    assertEquals(List.of("kept"), payloads());
    assertEquals(WatcherHealth.Status.UP, w.health().status());

    String snap2 = rpc.raw("evm_snapshot", List.of());
    net.send(0, 8, 2, RECIPIENT, "deep".getBytes());
    net.mine(0, 3);
    drain(w);
    assertEquals(List.of("kept", "deep"), payloads());
    assertEquals("true", rpc.raw("evm_revert", List.of(snap2)));
    net.send(0, 9, 2, RECIPIENT, "fork".getBytes());
    net.mine(0, 5);
    assertFalse(w.poll());
    drain(w);
    assertEquals(WatcherHealth.Status.DOWN, w.health().status());
    assertEquals(1, alerts.size());
    assertTrue(alerts.get(0).contains("HALTED"));
    assertEquals(List.of("kept", "deep"), payloads(), "nothing from the fork is reported");
  }

  @Test
  void keepsWatchingThroughAKilledEndpoint() throws Exception {
    seen.clear();
    int port = net.chains.get(0).port();
    try (TcpProxy first = new TcpProxy(port);
        TcpProxy second = new TcpProxy(port);
        Web3jChainRpc a = new Web3jChainRpc(first.url(), Duration.ofSeconds(2));
        Web3jChainRpc b = new Web3jChainRpc(second.url(), Duration.ofSeconds(2))) {
      FailoverRpc rpc =
          new FailoverRpc(
              List.of(a, b),
              Duration.ofMillis(200),
              Duration.ofSeconds(5),
              System::currentTimeMillis);
      ChainWatcher w = watcher(rpc, 0);
      net.send(0, 8, 2, RECIPIENT, "before".getBytes());
      drain(w);
      assertEquals(List.of("before"), payloads());
      assertEquals(0, rpc.preferred());

      first.kill(); // endpoint killed mid-run
      net.send(0, 8, 2, RECIPIENT, "after".getBytes());
      drain(w);
      assertEquals(List.of("before", "after"), payloads());
      assertEquals(1, rpc.preferred());
      assertTrue(rpc.errorCount() >= 1);
      assertEquals(WatcherHealth.Status.UP, w.health().status());
    }
  }
}
