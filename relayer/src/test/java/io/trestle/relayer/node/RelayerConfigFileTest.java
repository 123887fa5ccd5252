package io.trestle.relayer.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.Committee;
import io.trestle.consensus.node.ConfigException;
import io.trestle.relayer.localchain.LocalChain;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayerConfigFileTest {
  static final String GATEWAY = "0x" + "5f".repeat(20);

  @TempDir Path dir;
  Ed25519KeyPair key;
  String evmAddress;

  @BeforeEach
  void files() throws Exception {
    key = Ed25519KeyPair.generate(new SecureRandom());
    Path k = dir.resolve("node0.key");
    Files.write(k, key.encodePkcs8());
    Files.setPosixFilePermissions(k, PosixFilePermissions.fromString("rw-------"));
    Path e = dir.resolve("node0.evm");
    Files.writeString(e, LocalChain.DEV_KEYS.get(4) + "\n");
    Files.setPosixFilePermissions(e, PosixFilePermissions.fromString("rw-------"));
    evmAddress =
        io.trestle.relayer.deliver.EvmKey.fromPrivateKey(LocalChain.DEV_KEYS.get(4)).address();
    Files.writeString(
        dir.resolve("committee.txt"),
        "committee_id "
            + "ab".repeat(32)
            + "\nepoch 0\nmember "
            + HexFormat.of().formatHex(key.publicKey())
            + " 127.0.0.1:7000 "
            + evmAddress
            + "\nmember "
            + "11".repeat(32)
            + " 127.0.0.1:7001 0x"
            + "22".repeat(20)
            + " 2\n");
  }

  Path config(String... extraOrRemoved) throws Exception {
    StringBuilder sb = new StringBuilder();
    List<String> lines =
        new java.util.ArrayList<>(
            List.of(
                "identity_key = node0.key",
                "evm_key = node0.evm",
                "committee = committee.txt",
                "listen = 127.0.0.1:7000",
                "data_dir = node0",
                "chains = 31337, 31338",
                "chain.31337.rpc = http://127.0.0.1:8545, http://127.0.0.1:9545",
                "chain.31337.gateway = " + GATEWAY,
                "chain.31337.confirmations = 2",
                "chain.31338.rpc = http://127.0.0.1:8546",
                "chain.31338.gateway = " + GATEWAY.toUpperCase().replace("0X", "0x"),
                "chain.31338.confirmations = 0"));
    for (String x : extraOrRemoved) {
      if (x.startsWith("-")) {
        lines.removeIf(l -> l.startsWith(x.substring(1) + " "));
      } else {
        lines.add(x);
      }
    }
    lines.forEach(l -> sb.append(l).append('\n'));
    Path f = dir.resolve("relayer.properties");
    Files.writeString(f, sb.toString());
    return f;
  }

  @Test
  void aCompleteFileLoads() throws Exception {
    RelayerNodeConfig c =
        RelayerConfigFile.load(
            config(
                "peer.1 = 10.0.0.2:7001",
                "fallback_timeout_ms = 3000",
                "governor.delay_ms = 60000",
                "governor.limit.usdc = 31337 31337 " + GATEWAY + " 1000000 3600000"));
    assertEquals(0, c.memberIndex(key.publicKey()));
    assertEquals(evmAddress, c.memberAddress(0));
    assertEquals("0x" + "22".repeat(20), c.memberAddress(1));
    assertEquals(2, c.committee().members().get(1).weight());
    assertEquals(dir.resolve("node0"), c.dataDir());
    assertEquals(2, c.chains().size());
    assertEquals(
        List.of("http://127.0.0.1:8545", "http://127.0.0.1:9545"), c.chains().get(0).rpcUrls());
    assertEquals(GATEWAY, c.chain(31338).orElseThrow().gateway());
    assertEquals(Duration.ofSeconds(3), c.timing().fallbackTimeout());
    assertEquals(1, c.governor().limits().size());
    assertEquals(7001, c.peers().get(1).getPort());
    assertFalse(
        c.toString().contains(LocalChain.DEV_KEYS.get(4).substring(2)), "no secret in toString");
  }

  @Test
  void committeeFilesRoundTrip() throws Exception {
    Committee c = RelayerConfigFile.loadCommittee(dir.resolve("committee.txt"));
    Path copy = dir.resolve("copy.txt");
    RelayerConfigFile.saveCommittee(copy, c);
    assertEquals(c, RelayerConfigFile.loadCommittee(copy));
  }

  private String error(Path file) {
    ConfigException e = assertThrows(ConfigException.class, () -> RelayerConfigFile.load(file));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void everyProblemIsOneLineNamingTheSetting() throws Exception {
    assertTrue(error(config("-evm_key")).contains("missing required setting 'evm_key'"));
    assertTrue(error(config("-chain.31338.gateway")).contains("'chain.31338.gateway'"));
    assertTrue(error(config("-listen", "listen = nowhere")).contains("listen must be host:port"));
    assertTrue(
        error(config("-chain.31337.gateway", "chain.31337.gateway = 0x1234"))
            .contains("chain.31337.gateway is not a 0x-prefixed 20-byte address"));
    assertTrue(error(config("governor.limit.x = 1 2 3")).contains("governor.limit.x: expected"));
    assertTrue(
        error(config("fallback_timeout_ms = 0")).contains("fallback_timeout_ms must be positive"));
    Files.setPosixFilePermissions(
        dir.resolve("node0.evm"), PosixFilePermissions.fromString("rw-r--r--"));
    assertTrue(error(config()).contains("chmod 600"));
  }

  @Test
  void badCommitteeLinesNameTheLine() throws Exception {
    Files.writeString(
        dir.resolve("committee.txt"),
        "committee_id "
            + "ab".repeat(32)
            + "\nmember 1234 127.0.0.1:1 0x"
            + "22".repeat(20)
            + "\n");
    String m = error(config());
    assertTrue(m.contains("committee.txt:2: "), m);
    Files.writeString(
        dir.resolve("committee.txt"),
        "member " + "11".repeat(32) + " h:1 0x" + "22".repeat(20) + "\n");
    assertTrue(error(config()).contains("missing committee_id line"));
  }
}
