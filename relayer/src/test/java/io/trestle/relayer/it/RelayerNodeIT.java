package io.trestle.relayer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.canonical.v1.Member;
import io.trestle.relayer.chain.LogEntry;
import io.trestle.relayer.contracts.Abi;
import io.trestle.relayer.contracts.GatewayAbi;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.deliver.SubmitterSchedule;
import io.trestle.relayer.deliver.TxSender;
import io.trestle.relayer.node.RelayerNode;
import io.trestle.relayer.node.RelayerNodeConfig;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Four {@link RelayerNode}s in this JVM, talking over TLS on loopback TCP, and two real hardhat
 * chains (A = 31337, B = 31338): a message sent on A is observed by the watchers, committed by
 * consensus, attested with EVM signatures gathered over the relayer network and executed on B
 * exactly once; delivery goes on with a member down (including the height's submitter); a member
 * restarted over its data directory sends nothing again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RelayerNodeIT {
  private static final int N = 4;
  private static final long A = 31337;
  private static final long B = 31338;
  private static final String TOKEN = "0x" + "7a".repeat(20);

  private TestNet net;
  private String receiverB;
  private final List<RelayerNodeConfig> configs = new ArrayList<>();
  private final RelayerNode[] nodes = new RelayerNode[N];
  private final RecordingListener[] listeners = new RecordingListener[N];

  private java.util.Set<Thread> baseline;

  @BeforeAll
  void start() throws Exception {
    net = new TestNet(A, B);
    baseline = Thread.getAllStackTraces().keySet();
    receiverB = net.deploy(1, "ScriptedReceiver", new byte[0]);
    SecureRandom random = new SecureRandom();
    List<Ed25519KeyPair> keys = new ArrayList<>();
    List<Member> members = new ArrayList<>();
    List<InetSocketAddress> listen = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      Ed25519KeyPair k = Ed25519KeyPair.generate(random);
      keys.add(k);
      int port = freePort();
      listen.add(new InetSocketAddress("127.0.0.1", port));
      members.add(
          new Member(
              k.publicKey(),
              HexFormat.of().parseHex(net.committee.get(i).address().substring(2)),
              "127.0.0.1:" + port,
              1));
    }
    Committee committee = new Committee(TestNet.COMMITTEE_ID, 0, ConsensusEngine.HOTSTUFF, members);
    Path root = Files.createTempDirectory("relayer-node-it");
    RelayerNodeConfig.Timing timing =
        new RelayerNodeConfig.Timing(
            Duration.ofMillis(500),
            Duration.ofMillis(200),
            Duration.ofSeconds(3),
            Duration.ofSeconds(3),
            Duration.ofSeconds(10),
            Duration.ofMillis(500));
    List<RelayerNodeConfig.Chain> chains =
        List.of(
            new RelayerNodeConfig.Chain(
                A, List.of(net.chains.get(0).url()), net.gateways.get(0), 1, 0),
            new RelayerNodeConfig.Chain(
                B, List.of(net.chains.get(1).url()), net.gateways.get(1), 1, 0));
    for (int i = 0; i < N; i++) {
      configs.add(
          new RelayerNodeConfig(
              keys.get(i).encodePkcs8(),
              net.committee.get(i),
              committee,
              listen.get(i),
              Map.of(),
              root.resolve("node" + i),
              chains,
              timing,
              TestNet.FEES,
              new RelayerNodeConfig.Governor(
                  Duration.ofSeconds(4),
                  List.of(
                      new RelayerNodeConfig.Limit(
                          A,
                          A,
                          TOKEN,
                          java.math.BigInteger.valueOf(1_000),
                          Duration.ofHours(1))))));
    }
    for (int i = 0; i < N; i++) {
      startNode(i);
    }
  }

  private void startNode(int i) throws RelayerNode.StartException {
    listeners[i] = new RecordingListener();
    nodes[i] = new RelayerNode(configs.get(i), listeners[i]);
    nodes[i].start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @AfterAll
  void stop() {
    for (RelayerNode n : nodes) {
      if (n != null) {
        n.close();
      }
    }
    if (net != null) {
      net.close();
    }
  }

  private GatewayMessage send(String text) throws InterruptedException {
    GatewayMessage m = net.send(0, 8, B, receiverB, text.getBytes());
    net.mine(0, 2);
    return m;
  }

  private GatewayAbi.Status status(GatewayMessage m) {
    return GatewayAbi.decodeStatus(net.call(1, net.gateways.get(1), GatewayAbi.status(m.id())));
  }

  private long deliveries() {
    return GatewayAbi.decodeUint(net.call(1, receiverB, GatewayAbi.view("deliveries"))).longValue();
  }

  /** MessageExecuted logs of {@code m} on B's gateway, over the whole chain. */
  private long executions(GatewayMessage m) {
    long head = net.rpcs.get(1).blockNumber();
    String topic = GatewayMessage.toHex(Abi.keccak("MessageExecuted(bytes32,bool)".getBytes()));
    String id = GatewayMessage.toHex(m.id());
    return net.rpcs.get(1).logs(0, head, net.gateways.get(1), topic).stream()
        .map(LogEntry::topics)
        .filter(t -> t.get(1).equals(id))
        .count();
  }

  private static void await(String what, Duration timeout, BooleanSupplier done)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(100);
    }
  }

  private void awaitExecuted(GatewayMessage m) throws InterruptedException {
    await(
        "message " + GatewayMessage.toHex(m.id()) + " is executed on B",
        Duration.ofSeconds(60),
        () -> status(m) == GatewayAbi.Status.EXECUTED);
  }

  @Test
  @Order(1)
  void messageSentOnAIsCommittedAttestedOverTheNetworkAndExecutedOnceOnB() throws Exception {
    long before = deliveries();
    GatewayMessage m = send("over the relayer network");
    String id = GatewayMessage.toHex(m.id());
    awaitExecuted(m);
    // Every member reports the delivery (its own or another's) and saw a quorum of signatures
    // that arrived over TCP: each holds only its own key.
    for (int i = 0; i < N; i++) {
      RecordingListener l = listeners[i];
      await("member sees delivery", Duration.ofSeconds(20), () -> l.delivered.containsKey(id));
      assertTrue(l.observed.contains(id), "member " + i + " observed it");
      assertTrue(l.heightOf(id) > 0, "member " + i + " gathered a quorum for it");
      assertEquals(0, nodes[i].rejectedSignatures());
    }
    Thread.sleep(1_000); // fallback submitters would have stepped in by now if they were to
    assertEquals(before + 1, deliveries());
    assertEquals(1, executions(m));
    String tx = listeners[0].delivered.get(id);
    assertTrue(
        tx.startsWith("0x") && tx.length() == 66,
        java.util.Arrays.stream(listeners).map(l -> l.delivered.toString()).toList().toString());
    for (int i = 0; i < N; i++) {
      assertEquals(tx, listeners[i].delivered.get(id), "member " + i + " names the same tx");
    }
    assertTrue(nodes[0].status().peersConnected() == N - 1, "" + nodes[0].status());
    assertTrue(nodes[0].status().height() > 0);
  }

  @Test
  @Order(1)
  void aChainWhoseEndpointsReportAnotherIdRefusesToStartWithOneLine() throws Exception {
    RelayerNodeConfig c = configs.get(0);
    List<RelayerNodeConfig.Chain> swapped =
        List.of(
            new RelayerNodeConfig.Chain(
                B, List.of(net.chains.get(0).url()), net.gateways.get(1), 1, 0));
    RelayerNode wrong =
        new RelayerNode(
            new RelayerNodeConfig(
                c.identityKeyPkcs8(),
                c.evmKey(),
                c.committee(),
                new InetSocketAddress("127.0.0.1", freePort()),
                Map.of(),
                Files.createTempDirectory("relayer-wrong-chain"),
                swapped,
                c.timing(),
                c.fees(),
                c.governor()),
            new RecordingListener());
    RelayerNode.StartException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            RelayerNode.StartException.class, wrong::start);
    assertEquals(
        "chain 31338: its RPC endpoints report chain id 31337 (" + net.chains.get(0).url() + ")",
        e.getMessage());
    wrong.close();
  }

  @Test
  @Order(2)
  void deliveryContinuesWithAMemberDownEvenAtHeightsItWasToSubmit() throws Exception {
    int down = 3;
    nodes[down].close();
    long before = deliveries();
    SubmitterSchedule schedule = new SubmitterSchedule(N, Duration.ofSeconds(3));
    List<GatewayMessage> sent = new ArrayList<>();
    boolean downWasPrimary = false;
    for (int round = 0; round < 5 && !downWasPrimary; round++) {
      List<GatewayMessage> batch = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        batch.add(send("member down, round " + round + "." + k));
        Thread.sleep(300); // separate watcher polls: separate blocks
      }
      for (GatewayMessage m : batch) {
        awaitExecuted(m);
        String id = GatewayMessage.toHex(m.id());
        await("attested at member 0", Duration.ofSeconds(10), () -> listeners[0].heightOf(id) > 0);
        if (schedule.primary(listeners[0].heightOf(id)) == down) {
          downWasPrimary = true;
        }
      }
      sent.addAll(batch);
    }
    assertTrue(downWasPrimary, "no message landed at a height the stopped member was to submit");
    Thread.sleep(1_000);
    assertEquals(before + sent.size(), deliveries());
    for (GatewayMessage m : sent) {
      assertEquals(1, executions(m));
    }
  }

  @Test
  @Order(3)
  void restartedMembersResumeFromTheirDataDirectoryWithoutSendingAgain() throws Exception {
    long before = deliveries();
    // Member 3 was down for the previous test: it has committed heights to catch up on, all of
    // them delivered by the others. Member 0 submitted some of them itself.
    startNode(3);
    nodes[0].close();
    startNode(0);
    long target = nodes[1].status().height();
    for (int i : new int[] {0, 3}) {
      RelayerNode n = nodes[i];
      await(
          "member " + i + " catches up",
          Duration.ofSeconds(30),
          () -> n.status().height() >= target);
    }
    Thread.sleep(2_000);
    assertEquals(0, nodes[3].transactionsSent(B), "member 3 resent after restart");
    assertEquals(0, nodes[0].transactionsSent(B), "member 0 resent after restart");
    assertEquals(before, deliveries());

    GatewayMessage m = send("after restarts");
    String id = GatewayMessage.toHex(m.id());
    awaitExecuted(m);
    for (int i = 0; i < N; i++) {
      RecordingListener l = listeners[i];
      await(
          "member " + i + " sees delivery",
          Duration.ofSeconds(20),
          () -> l.delivered.containsKey(id));
    }
    Thread.sleep(1_000);
    assertEquals(before + 1, deliveries());
    assertEquals(1, executions(m));
  }

  @Test
  @Order(4)
  void aTransferOverTheGovernorLimitIsHeldThenReleasedAndExecutedOnce() throws Exception {
    long before = deliveries();
    byte[] payload = // a TokenBridge transfer payload: kind 1, origin chain, token, to, amount
        Abi.concat(
            Abi.uint(1),
            Abi.uint64(A),
            Abi.address(GatewayMessage.hex(TOKEN)),
            Abi.address(new byte[20]),
            Abi.uint(5_000));
    GatewayMessage m = net.send(0, 8, B, receiverB, payload);
    net.mine(0, 2);
    String id = GatewayMessage.toHex(m.id());
    for (int i = 0; i < N; i++) {
      RecordingListener l = listeners[i];
      await("member " + i + " holds it", Duration.ofSeconds(30), () -> l.delayed.contains(id));
    }
    assertEquals(GatewayAbi.Status.UNKNOWN, status(m), "held, not executed");
    awaitExecuted(m);
    Thread.sleep(1_000);
    assertEquals(before + 1, deliveries());
    assertEquals(1, executions(m));
    assertTrue(nodes[1].governor().queue().isEmpty());
  }

  @Test
  @Order(4)
  void aFailedExecutionIsRetriedOnAdminRequestAndReportedDelivered() throws Exception {
    TxSender admin = net.sender(1, 9); // not a member's account: no nonce shared with a node
    long before = deliveries();
    GatewayMessage m;
    try {
      admin.send(receiverB, setFailing(true));
      m = send("fails first, then retried");
      String id = GatewayMessage.toHex(m.id());
      await("member 2 reports the failure", Duration.ofSeconds(60), () -> l(2).failed.contains(id));
      assertEquals(GatewayAbi.Status.FAILED, status(m));
    } finally {
      admin.send(receiverB, setFailing(false));
    }
    String id = GatewayMessage.toHex(m.id());
    nodes[2].retry(m);
    awaitExecuted(m);
    await(
        "member 2 reports it delivered",
        Duration.ofSeconds(20),
        () -> l(2).delivered.containsKey(id));
    assertTrue(l(2).delivered.get(id).startsWith("0x"), l(2).delivered.get(id));
    assertEquals(before + 1, deliveries(), "the receiver ran once, on the retry");
    assertEquals(2, executions(m), "one failed execution, one by the retry");
    // A second retry of an executed message sends nothing and reports it delivered again.
    long sent = nodes[2].transactionsSent(B);
    nodes[2].retry(m);
    Thread.sleep(1_000);
    assertEquals(sent, nodes[2].transactionsSent(B));
    assertThrows(IllegalArgumentException.class, () -> nodes[2].retry(withDest(m, 999)));
  }

  private RecordingListener l(int i) {
    return listeners[i];
  }

  private static byte[] setFailing(boolean failing) {
    return GatewayAbi.call("setFailing(bool)", List.of(new Abi.Static(Abi.bool(failing))));
  }

  private static GatewayMessage withDest(GatewayMessage m, long destChainId) {
    return new GatewayMessage(
        m.sourceChainId(),
        m.sourceGateway(),
        m.nonce(),
        m.sender(),
        destChainId,
        m.recipient(),
        m.payload());
  }

  @Test
  @Order(5)
  void closingEveryNodeLeavesNoThreadBehind() throws Exception {
    for (int i = 0; i < N; i++) {
      nodes[i].close();
      nodes[i].close(); // idempotent
      nodes[i] = null;
    }
    // JVM-wide helpers that outlive their first user by design: okhttp's connection pool cleaner
    // and okio watchdog; the JDK's virtual-thread scheduler (carriers, pollers, unblocker)
    java.util.function.Supplier<List<String>> extra =
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !baseline.contains(t))
                .map(Thread::getName)
                .filter(n -> !n.startsWith("OkHttp") && !n.startsWith("Okio"))
                .filter(n -> !n.startsWith("ForkJoinPool") && !n.startsWith("surefire"))
                .filter(n -> !n.endsWith("Poller") && !n.equals("VirtualThread-unblocker"))
                .toList();
    try {
      await("node threads end", Duration.ofSeconds(15), () -> extra.get().isEmpty());
    } catch (AssertionError e) {
      throw new AssertionError("threads left: " + extra.get(), e);
    }
  }
}
