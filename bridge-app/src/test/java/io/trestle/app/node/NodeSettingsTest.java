package io.trestle.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trestle.app.TrestleApplication;
import io.trestle.consensus.driver.TestCommittees;
import io.trestle.relayer.node.RelayerConfigFile;
import io.trestle.relayer.node.RelayerNodeConfig;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** {@code trestle.node.config-file} is checked at start-up with one line naming what to fix. */
class NodeSettingsTest {

  @TempDir Path dir;

  private Path validConfig() throws Exception {
    List<Ed25519KeyPair> keys = TestCommittees.keys(4, 3);
    Path key = dir.resolve("node0.key");
    Files.write(key, keys.get(0).encodePkcs8());
    Path evm = dir.resolve("node0.evm");
    Files.writeString(evm, "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    for (Path p : List.of(key, evm)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }
    RelayerConfigFile.saveCommittee(dir.resolve("committee.txt"), TestCommittees.committee(keys));
    Path file = dir.resolve("node0.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "identity_key = node0.key",
            "evm_key = node0.evm",
            "committee = committee.txt",
            "listen = 127.0.0.1:7000",
            "data_dir = node0",
            "chains = 31337",
            "chain.31337.rpc = http://127.0.0.1:8545",
            "chain.31337.gateway = 0x5fbdb2315678afecb367f032d93f642f64180aa3",
            "chain.31337.confirmations = 2",
            ""));
    return file;
  }

  @Test
  void aValidFileIsLoaded() throws Exception {
    RelayerNodeConfig c = NodeSettings.load(validConfig());
    assertThat(c.chains()).extracting(RelayerNodeConfig.Chain::chainId).containsExactly(31337L);
    assertThat(c.dataDir()).isEqualTo(dir.resolve("node0"));
  }

  @Test
  void aMissingFileNamesThePropertyAndTheFix() {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> NodeSettings.load(missing))
        .isInstanceOf(NodeConfigException.class)
        .hasMessage("trestle.node.config-file=" + missing + ": no such file")
        .satisfies(e -> assertThat(((NodeConfigException) e).fix()).contains("or unset it"));
  }

  @Test
  void aMissingSettingIsOneLineNamingIt() throws Exception {
    Path file = validConfig();
    Files.writeString(file, Files.readString(file).replace("listen = 127.0.0.1:7000\n", ""));
    assertThatThrownBy(() -> NodeSettings.load(file))
        .isInstanceOf(NodeConfigException.class)
        .hasMessageStartingWith("trestle.node.config-file=" + file + ": ")
        .hasMessageContaining("missing required setting 'listen'")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aKeyReadableByOthersIsRefused() throws Exception {
    Path file = validConfig();
    Files.setPosixFilePermissions(
        dir.resolve("node0.key"), PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> NodeSettings.load(file))
        .isInstanceOf(NodeConfigException.class)
        .hasMessageContaining("chmod 600");
  }

  private static NodeProperties bind(java.util.Map<String, String> values) {
    return new org.springframework.boot.context.properties.bind.Binder(
            new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(
                values))
        .bindOrCreate("trestle.node", NodeProperties.class);
  }

  private java.util.Map<String, String> fields() throws Exception {
    validConfig();
    var m = new java.util.HashMap<String, String>();
    m.put("trestle.node.identity-key", dir.resolve("node0.key").toString());
    m.put("trestle.node.evm-key", dir.resolve("node0.evm").toString());
    m.put("trestle.node.committee", dir.resolve("committee.txt").toString());
    m.put("trestle.node.listen", "127.0.0.1:7001");
    m.put("trestle.node.data-dir", dir.resolve("data").toString());
    m.put("trestle.node.peers[2]", "127.0.0.1:7102");
    m.put("trestle.node.chains[0].chain-id", "31337");
    m.put("trestle.node.chains[0].rpc-urls", "http://127.0.0.1:8545,http://127.0.0.1:9545");
    m.put("trestle.node.chains[0].gateway", "0x5FbDB2315678afecb367f032d93F642f64180aa3");
    m.put("trestle.node.chains[0].confirmations", "3");
    return m;
  }

  @Test
  void theFieldsDescribeTheSameNodeAsAFile() throws Exception {
    NodeProperties p = bind(fields());
    assertThat(p.enabled()).isTrue();
    RelayerNodeConfig c = NodeSettings.load(p);
    assertThat(c.listen().getPort()).isEqualTo(7001);
    assertThat(c.peers().get(2).getPort()).isEqualTo(7102);
    assertThat(c.committee().members()).hasSize(4);
    assertThat(c.chains())
        .containsExactly(
            new RelayerNodeConfig.Chain(
                31337,
                List.of("http://127.0.0.1:8545", "http://127.0.0.1:9545"),
                "0x5fbdb2315678afecb367f032d93f642f64180aa3",
                3,
                0));
    assertThat(c.timing()).isEqualTo(RelayerNodeConfig.Timing.defaults());
  }

  @Test
  void eachBadFieldIsOneLineNamingIt() throws Exception {
    var m = fields();
    m.remove("trestle.node.listen");
    assertThatThrownBy(() -> NodeSettings.load(bind(m)))
        .hasMessage("trestle.node.listen is not set");
    m.put("trestle.node.listen", "nowhere");
    assertThatThrownBy(() -> NodeSettings.load(bind(m)))
        .hasMessage("trestle.node.listen: must be host:port, got 'nowhere'");
    m.put("trestle.node.listen", "127.0.0.1:7001");
    m.put("trestle.node.chains[0].gateway", "0x12");
    assertThatThrownBy(() -> NodeSettings.load(bind(m)))
        .hasMessage("trestle.node.chains[0].gateway: must be the gateway's 0x-prefixed address");
    m.put("trestle.node.chains[0].gateway", "0x5FbDB2315678afecb367f032d93F642f64180aa3");
    m.put("trestle.node.config-file", dir.resolve("node0.properties").toString());
    assertThatThrownBy(() -> NodeSettings.load(bind(m)))
        .isInstanceOf(NodeConfigException.class)
        .hasMessageContaining("are both set");
  }

  @Test
  void theAppRefusesToStartAndTheReportSaysWhatToDo() {
    Path missing = dir.resolve("absent.properties");
    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                new SpringApplicationBuilder(TrestleApplication.class)
                    .run(
                        "--trestle.node.config-file=" + missing,
                        "--server.port=0",
                        "--management.server.port=0"));
    FailureAnalysis analysis = new NodeConfigFailureAnalyzer().analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription())
        .isEqualTo("trestle.node.config-file=" + missing + ": no such file");
    assertThat(analysis.getAction()).contains("relayer node's properties file");
  }
}
