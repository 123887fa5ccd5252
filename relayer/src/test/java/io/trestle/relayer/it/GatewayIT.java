package io.trestle.relayer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.relayer.chain.RpcException;
import io.trestle.relayer.contracts.Abi;
import io.trestle.relayer.contracts.Eip712;
import io.trestle.relayer.contracts.GatewayAbi;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.deliver.Batch;
import io.trestle.relayer.deliver.Deliverer;
import io.trestle.relayer.deliver.DeliveryReport;
import io.trestle.relayer.deliver.EvmKey;
import io.trestle.relayer.deliver.LocalSignatureCollector;
import io.trestle.relayer.deliver.RotatingSubmitter;
import io.trestle.relayer.deliver.SubmitterSchedule;
import io.trestle.relayer.deliver.TxSender;
import io.trestle.relayer.localchain.LocalChain;
import io.trestle.relayer.watch.ChainWatcher;
import io.trestle.relayer.watch.FileCursorStore;
import io.trestle.relayer.watch.Observation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Gateways on two real local chains (A = 31337, B = 31338) and a committee of 4 relayers whose
 * attestation signing is driven in-process (LocalSignatureCollector) instead of over the relayer
 * network.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayIT {
  private TestNet net;
  private String receiverB;
  private long height = 100;

  @BeforeAll
  void start() throws Exception {
    net = new TestNet(31337, 31338);
    receiverB = net.deploy(1, "ScriptedReceiver", new byte[0]);
  }

  @AfterAll
  void stop() {
    if (net != null) {
      net.close();
    }
  }

  private Deliverer deliverer(int member, List<EvmKey> signers) {
    return new Deliverer(
        net.rpcs.get(1),
        net.gateways.get(1),
        TestNet.COMMITTEE_ID,
        new LocalSignatureCollector(signers),
        net.sender(1, net.committee.get(member)),
        Duration.ofSeconds(1));
  }

  private long deliveries() {
    return GatewayAbi.decodeUint(net.call(1, receiverB, GatewayAbi.view("deliveries"))).longValue();
  }

  private GatewayAbi.Status status(GatewayMessage m) {
    return GatewayAbi.decodeStatus(net.call(1, net.gateways.get(1), GatewayAbi.status(m.id())));
  }

  @Test
  void messageSentOnAIsWatchedAndExecutedOnBByTheRotatingSubmitters() throws Exception {
    byte[] payload = "hello B".getBytes();
    GatewayMessage sent = net.send(0, 8, 31338, receiverB, payload);
    net.mine(0, 2);

    Path dir = Files.createTempDirectory("cursor");
    List<Observation> seen = new ArrayList<>();
    ChainWatcher watcher =
        new ChainWatcher(
            31337,
            net.gateways.get(0),
            2,
            100,
            0,
            net.rpcs.get(0),
            new FileCursorStore(dir),
            (chain, obs) -> seen.addAll(obs),
            a -> {},
            System::currentTimeMillis);
    while (watcher.poll()) {}
    List<Observation> mine =
        seen.stream().filter(o -> o.id().equals(GatewayMessage.toHex(sent.id()))).toList();
    assertEquals(1, mine.size());
    assertEquals(sent, mine.get(0).message());
    assertTrue(mine.get(0).confirmations() >= 2);

    long before = deliveries();
    Batch batch = new Batch(31338, 0, ++height, List.of(mine.get(0).message()));
    SubmitterSchedule schedule = new SubmitterSchedule(4, Duration.ofSeconds(2));
    int dead = schedule.primary(batch.height()); // the primary never runs: a fallback delivers
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Optional<DeliveryReport>>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        if (i == dead) {
          continue;
        }
        RotatingSubmitter s =
            new RotatingSubmitter(
                i,
                schedule,
                deliverer(i, net.committee),
                d -> Thread.sleep(d.toMillis()),
                Duration.ofMillis(100));
        runs.add(pool.submit(() -> s.run(batch)));
      }
      int delivered = 0;
      for (Future<Optional<DeliveryReport>> f : runs) {
        Optional<DeliveryReport> r = f.get();
        if (r.isPresent()) {
          delivered++;
          assertTrue(r.get().submittedRoot());
          assertEquals(List.of(GatewayMessage.toHex(sent.id())), r.get().executed());
        }
      }
      assertEquals(1, delivered, "exactly the first fallback delivers");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(before + 1, deliveries());
    assertEquals(GatewayAbi.Status.EXECUTED, status(sent));
    byte[] lastPayload = net.call(1, receiverB, GatewayAbi.view("lastPayload"));
    assertArrayEquals(
        payload, Abi.concat(java.util.Arrays.copyOfRange(lastPayload, 64, 64 + payload.length)));
  }

  @Test
  void replayedExecuteIsRefusedAndRedeliveryIsANoOp() throws Exception {
    GatewayMessage m = net.send(0, 8, 31338, receiverB, "once".getBytes());
    Batch batch = new Batch(31338, 0, ++height, List.of(m));
    Deliverer d = deliverer(0, net.committee);
    DeliveryReport first = d.deliver(batch);
    assertEquals(1, first.executed().size());

    TxSender user = net.sender(1, 9);
    RpcException replay =
        assertThrows(
            RpcException.class,
            () -> user.send(net.gateways.get(1), GatewayAbi.execute(m, batch.path(0))));
    assertEquals(RpcException.Kind.REJECTED, replay.kind());
    assertTrue(
        replay.getMessage().contains(selector("AlreadyExecuted(bytes32)")), replay.getMessage());

    DeliveryReport again = d.deliver(batch);
    assertEquals(List.of(GatewayMessage.toHex(m.id())), again.skipped());
    assertTrue(again.gasUsed().isEmpty(), "nothing sent twice");
  }

  @Test
  void forgedShortAndDuplicateQuorumsAreRefused() throws Exception {
    GatewayMessage m = net.send(0, 8, 31338, receiverB, "forged".getBytes());
    Batch batch = new Batch(31338, 0, ++height, List.of(m));
    List<EvmKey> outsiders = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      outsiders.add(EvmKey.fromPrivateKey(LocalChain.DEV_KEYS.get(i)));
    }
    assertRefused(deliverer(0, outsiders), batch, "NotAMember(address)");
    assertRefused(deliverer(0, net.committee.subList(0, 2)), batch, "NoQuorum(uint256,uint256)");
    EvmKey one = net.committee.get(1);
    assertRefused(deliverer(0, List.of(one, one, one)), batch, "SignersNotAscending(uint256)");

    // A valid path into a root that was never submitted.
    TxSender user = net.sender(1, 9);
    RpcException unknown =
        assertThrows(
            RpcException.class,
            () -> user.send(net.gateways.get(1), GatewayAbi.execute(m, batch.path(0))));
    assertTrue(unknown.getMessage().contains(selector("UnknownRoot(bytes32)")));

    // Three of four members are a quorum (3 > 2/3 × 4).
    assertEquals(1, deliverer(0, net.committee.subList(1, 4)).deliver(batch).executed().size());
  }

  @Test
  void failedReceiverIsRecordedAndRetried() throws Exception {
    TxSender admin = net.sender(1, 0);
    admin.send(
        receiverB, GatewayAbi.call("setFailing(bool)", List.of(new Abi.Static(Abi.bool(true)))));
    GatewayMessage m = net.send(0, 8, 31338, receiverB, "retry me".getBytes());
    DeliveryReport r =
        deliverer(0, net.committee).deliver(new Batch(31338, 0, ++height, List.of(m)));
    assertEquals(List.of(GatewayMessage.toHex(m.id())), r.failed());
    assertEquals(GatewayAbi.Status.FAILED, status(m));

    admin.send(
        receiverB, GatewayAbi.call("setFailing(bool)", List.of(new Abi.Static(Abi.bool(false)))));
    assertTrue(net.sender(1, 9).send(net.gateways.get(1), GatewayAbi.retry(m)).success());
    assertEquals(GatewayAbi.Status.EXECUTED, status(m));
  }

  @Test
  void pauseAndRotationNeedTheCommitteeQuorum() throws Exception {
    String gw = net.gateways.get(0);
    TxSender user = net.sender(0, 9);
    long pauseNonce =
        GatewayAbi.decodeUint(net.call(0, gw, GatewayAbi.view("pauseNonce"))).longValue();
    byte[] digest = Eip712.pauseDigest(31337, gw, TestNet.COMMITTEE_ID, 0, pauseNonce, true);
    RpcException shortQuorum =
        assertThrows(
            RpcException.class,
            () ->
                user.send(
                    gw,
                    GatewayAbi.setPaused(true, signSorted(net.committee.subList(0, 2), digest))));
    assertTrue(shortQuorum.getMessage().contains(selector("NoQuorum(uint256,uint256)")));
    assertTrue(
        user.send(gw, GatewayAbi.setPaused(true, signSorted(net.committee, digest))).success());
    RpcException paused =
        assertThrows(RpcException.class, () -> net.send(0, 8, 31338, receiverB, "x".getBytes()));
    assertTrue(paused.getMessage().contains(selector("Paused()")));
    byte[] resume = Eip712.pauseDigest(31337, gw, TestNet.COMMITTEE_ID, 0, pauseNonce + 1, false);
    assertTrue(
        user.send(gw, GatewayAbi.setPaused(false, signSorted(net.committee, resume))).success());
    net.send(0, 8, 31338, receiverB, "after".getBytes());
  }

  @Test
  void stuckTransactionIsReplacedWithBumpedFeesOnTheRealNode() throws Exception {
    var rpc = net.rpcs.get(0);
    TxSender patient =
        new TxSender(
            rpc,
            31337,
            EvmKey.fromPrivateKey(LocalChain.DEV_KEYS.get(3)),
            TestNet.FEES,
            Duration.ofMillis(400),
            Duration.ofMillis(50),
            20,
            d -> Thread.sleep(d.toMillis()));
    long nonceBefore = rpc.pendingNonce(patient.address());
    rpc.raw("evm_setAutomine", List.of(false));
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      Future<io.trestle.relayer.chain.Receipt> receipt =
          one.submit(
              () ->
                  patient.send(
                      net.gateways.get(0), GatewayAbi.send(31338, receiverB, "stuck".getBytes())));
      long deadline = System.currentTimeMillis() + 30_000;
      while (patient.replacementCount() < 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(patient.replacementCount() >= 2, "re-submitted with bumped fees");
      rpc.raw("evm_mine", List.of());
      io.trestle.relayer.chain.Receipt r = receipt.get();
      assertTrue(r.success());
      // Only one of the offers for that nonce was mined: the account's nonce moved by exactly one.
      assertEquals(nonceBefore + 1, rpc.pendingNonce(patient.address()));
    } finally {
      rpc.raw("evm_setAutomine", List.of(true));
      one.shutdownNow();
    }
    TxSender next = net.sender(0, 3);
    assertTrue(
        next.send(net.gateways.get(0), GatewayAbi.send(31338, receiverB, "next".getBytes()))
            .success());
  }

  static List<byte[]> signSorted(List<EvmKey> keys, byte[] digest) {
    return keys.stream()
        .sorted(java.util.Comparator.comparing(EvmKey::address))
        .map(k -> k.signDigest(digest))
        .toList();
  }

  private void assertRefused(Deliverer d, Batch batch, String error) {
    RpcException e = assertThrows(RpcException.class, () -> d.deliver(batch));
    assertEquals(RpcException.Kind.REJECTED, e.kind());
    assertTrue(e.getMessage().contains(selector(error)), error + " expected: " + e.getMessage());
  }

  static String selector(String error) {
    return HexFormat.of().formatHex(Abi.selector(error));
  }
}
