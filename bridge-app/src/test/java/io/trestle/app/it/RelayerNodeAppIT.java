package io.trestle.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trestle.app.TrestleApplication;
import io.trestle.app.node.LedgerWriter;
import io.trestle.app.node.RelayerNodeLifecycle;
import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.canonical.v1.Member;
import io.trestle.proto.v1.MessageProof;
import io.trestle.relayer.contracts.GatewayAbi;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.it.TestNet;
import io.trestle.relayer.node.NodeListener;
import io.trestle.relayer.node.RelayerConfigFile;
import io.trestle.relayer.node.RelayerNode;
import io.trestle.relayer.node.RelayerNodeConfig;
import io.trestle.sdk.CanonicalProofs;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import io.trestle.verifier.proof.MessageProofVerifier;
import io.trestle.verifier.proof.ProofVerdict;
import io.trestle.verifier.quorum.CertificateVerifier;
import io.trestle.verifier.quorum.CommitteeView;
import io.trestle.verifier.quorum.QuorumVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The app as member 0 of a committee of four relayer nodes (the other three plain {@link
 * RelayerNode}s in this JVM, all over TLS on loopback) on two real hardhat chains: a message sent
 * on chain A is observed, committed, attested and executed on chain B, and a client of the app's
 * API sees it go OBSERVED → COMMITTED → ATTESTED → DELIVERED, gets a proof that verifies offline
 * against the committee, and finds the node healthy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RelayerNodeAppIT {
  private static final int N = 4;
  private static final long A = 31337;
  private static final long B = 31338;
  private static final Duration T = Duration.ofSeconds(90);

  private TestNet net;
  private Committee committee;
  private final RelayerNode[] others = new RelayerNode[N];
  private ConfigurableApplicationContext app;
  private WebTestClient api;
  private WebTestClient management;
  private String receiver;
  private Path root;

  @BeforeAll
  void start() throws Exception {
    net = new TestNet(A, B);
    receiver = net.deploy(1, "ScriptedReceiver", new byte[0]);
    root = Files.createTempDirectory("trestle-app-it");
    // The embedded PostgreSQL runs as nobody when the build runs as root: it must traverse this.
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
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
    committee = new Committee(TestNet.COMMITTEE_ID, 0, ConsensusEngine.HOTSTUFF, members);
    List<RelayerNodeConfig.Chain> chains =
        List.of(
            new RelayerNodeConfig.Chain(
                A, List.of(net.chains.get(0).url()), net.gateways.get(0), 1, 0),
            new RelayerNodeConfig.Chain(
                B, List.of(net.chains.get(1).url()), net.gateways.get(1), 1, 0));
    RelayerNodeConfig.Timing timing =
        new RelayerNodeConfig.Timing(
            Duration.ofMillis(500),
            Duration.ofMillis(200),
            Duration.ofSeconds(3),
            Duration.ofSeconds(3),
            Duration.ofSeconds(10),
            Duration.ofMillis(500));
    for (int i = 1; i < N; i++) {
      others[i] =
          new RelayerNode(
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
                  RelayerNodeConfig.Governor.none()),
              NodeListener.ignoring());
      others[i].start();
    }
    Path config = writeConfig(root, keys.get(0), listen.get(0));
    app =
        new SpringApplicationBuilder(TrestleApplication.class)
            .run(
                "--server.port=0",
                "--management.server.port=0",
                "--trestle.node.config-file=" + config,
                "--trestle.chains[0].chain-id=" + A,
                "--trestle.chains[0].name=chain-a",
                "--trestle.chains[1].chain-id=" + B,
                "--trestle.chains[1].name=chain-b");
    WebServerApplicationContext web = (WebServerApplicationContext) app;
    api = client(web.getWebServer().getPort());
    int mgmt = Integer.parseInt(app.getEnvironment().getProperty("local.management.port", "0"));
    management = client(mgmt);
  }

  private static WebTestClient client(int port) {
    return WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** Node 0's files as an operator writes them: keys (mode 600), committee, properties. */
  private Path writeConfig(Path root, Ed25519KeyPair key, InetSocketAddress listen)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve("app"));
    Path identity = dir.resolve("node0.key");
    Files.write(identity, key.encodePkcs8());
    Path evm = dir.resolve("node0.evm");
    Files.writeString(evm, io.trestle.relayer.localchain.LocalChain.DEV_KEYS.get(4));
    for (Path secret : List.of(identity, evm)) {
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    }
    RelayerConfigFile.saveCommittee(dir.resolve("committee.txt"), committee);
    String props =
        String.join(
            "\n",
            "identity_key = node0.key",
            "evm_key = node0.evm",
            "committee = committee.txt",
            "listen = " + listen.getHostString() + ":" + listen.getPort(),
            "data_dir = node0",
            "chains = " + A + ", " + B,
            "chain." + A + ".rpc = " + net.chains.get(0).url(),
            "chain." + A + ".gateway = " + net.gateways.get(0),
            "chain." + A + ".confirmations = 1",
            "chain." + B + ".rpc = " + net.chains.get(1).url(),
            "chain." + B + ".gateway = " + net.gateways.get(1),
            "chain." + B + ".confirmations = 1",
            "base_timeout_ms = 500",
            "watcher_poll_ms = 200",
            "fallback_timeout_ms = 3000",
            "signature_timeout_ms = 3000",
            "receipt_timeout_ms = 10000",
            "retry_backoff_ms = 500",
            "");
    Path file = dir.resolve("node0.properties");
    Files.writeString(file, props, StandardCharsets.UTF_8);
    return file;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    for (RelayerNode n : others) {
      if (n != null) {
        n.close();
      }
    }
    if (net != null) {
      net.close();
    }
    if (root != null) {
      org.springframework.util.FileSystemUtils.deleteRecursively(root.toFile());
    }
  }

  private Map<String, Object> get(WebTestClient client, String uri) {
    return client
        .get()
        .uri(uri)
        .exchange()
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }

  private String status(GatewayMessage m) {
    Map<String, Object> body = get(api, "/v1/messages/" + GatewayMessage.toHex(m.id()));
    // 404 problem+json (with a numeric status) until the node has observed it.
    return body != null && body.get("status") instanceof String s ? s : null;
  }

  @Test
  @Order(1)
  void messageSentOnChainAIsDeliveredThroughTheAppWithAProofThatVerifiesOffline() throws Exception {
    GatewayMessage m =
        net.send(0, 8, B, receiver, "through the app".getBytes(StandardCharsets.UTF_8));
    net.mine(0, 2);
    String id = GatewayMessage.toHex(m.id());

    await()
        .atMost(T)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> "DELIVERED".equals(status(m)));
    assertThat(net.status(1, m)).isEqualTo(GatewayAbi.Status.EXECUTED);

    // The whole journey, replayed from the history (Last-Event-ID 0) by the SSE stream.
    List<String> journey =
        api.get()
            .uri("/v1/messages/" + id + "/events")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .header("Last-Event-ID", "0")
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {})
            .getResponseBody()
            .filter(e -> e.data() != null)
            .map(e -> (String) e.data().get("status"))
            .collectList()
            .block(Duration.ofSeconds(30));
    assertThat(journey).containsExactly("OBSERVED", "COMMITTED", "ATTESTED", "DELIVERED");

    var proofResponse =
        api.get()
            .uri("/v1/messages/" + id + "/proof")
            .accept(MediaType.parseMediaType("application/x-protobuf"))
            .exchange()
            .expectBody(byte[].class)
            .returnResult();
    // Whether the block was committed by its own QC or, after a view change, with a descendant
    // (then the proof carries the headers up to it), the served proof verifies offline.
    assertThat(proofResponse.getStatus().value()).isEqualTo(200);
    ProofVerdict verdict =
        new MessageProofVerifier(new CertificateVerifier(new QuorumVerifier()))
            .verify(
                CanonicalProofs.of(MessageProof.parseFrom(proofResponse.getResponseBody())),
                CommitteeView.of(committee));
    assertThat(verdict.isValid()).as("%s", verdict).isTrue();
    assertThat(((ProofVerdict.Valid) verdict).messageId()).isEqualTo(m.id());

    Map<String, Object> health = get(management, "/actuator/health");
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> components =
        (Map<String, Map<String, Object>>) health.get("components");
    assertThat(components.get("consensus").get("status")).isEqualTo("UP");
    assertThat(components.get("chains").get("status")).isEqualTo("UP");
    assertThat(components.get("ledger").get("status")).isEqualTo("UP");
    assertThat(components.get("node").get("status")).isEqualTo("UP");
    LedgerWriter.Health ledger = app.getBean(LedgerWriter.class).health();
    assertThat(ledger.complete()).as("%s", ledger).isTrue();
    assertThat(get(api, "/v1/committee/0").get("committeeId"))
        .isEqualTo(GatewayMessage.toHex(TestNet.COMMITTEE_ID));
  }

  @Test
  @Order(2)
  void gracefulShutdownStopsTheNodeAndDrainsItsEvents() {
    RelayerNodeLifecycle node = app.getBean(RelayerNodeLifecycle.class);
    LedgerWriter writer = app.getBean(LedgerWriter.class);
    assertThat(node.isRunning()).isTrue();
    app.close();
    app = null;
    assertThat(node.isRunning()).isFalse();
    assertThat(writer.health().pending()).isZero();
    assertThat(writer.health().complete()).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("ledger-writer")));
    // The others lose their connection to member 0.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> others[1].status().peersConnected() == N - 2);
  }
}
