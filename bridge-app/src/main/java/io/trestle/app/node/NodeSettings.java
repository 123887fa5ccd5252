package io.trestle.app.node;

import io.trestle.canonical.v1.Committee;
import io.trestle.consensus.node.ConfigException;
import io.trestle.relayer.deliver.EvmKey;
import io.trestle.relayer.deliver.FeePolicy;
import io.trestle.relayer.node.RelayerConfigFile;
import io.trestle.relayer.node.RelayerNodeConfig;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks the relayer node configuration at start-up, from {@code
 * trestle.node.config-file} or from the {@code trestle.node.*} fields; every problem is a {@link
 * NodeConfigException} of one line naming the property (and the setting inside the file) with the
 * fix.
 */
public final class NodeSettings {
  private NodeSettings() {}

  static final String PROPERTY = "trestle.node.config-file";
  private static final String FORMAT =
      "point "
          + PROPERTY
          + " at the relayer node's properties file (format: relayer/README.md),"
          + " or unset it to serve the API only";

  /** The node configuration {@code p} describes (file or fields). */
  public static RelayerNodeConfig load(NodeProperties p) {
    if (p.configFile() != null) {
      if (p.identityKey() != null) {
        throw new NodeConfigException(
            "trestle.node.config-file and trestle.node.identity-key are both set",
            "configure the node either by its config file or by the trestle.node.* fields, not"
                + " both",
            null);
      }
      return load(p.configFile());
    }
    return fromFields(p);
  }

  /**
   * @throws NodeConfigException when the file is missing, unreadable or invalid
   */
  public static RelayerNodeConfig load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new NodeConfigException(PROPERTY + "=" + file + ": no such file", FORMAT, null);
    }
    if (!Files.isReadable(file)) {
      throw new NodeConfigException(
          PROPERTY + "=" + file + ": not readable by this process",
          "give the node's user read access to " + file + " (and its key files)",
          null);
    }
    try {
      return RelayerConfigFile.load(file);
    } catch (ConfigException e) {
      throw new NodeConfigException(
          PROPERTY + "=" + file + ": " + e.getMessage(),
          "correct that setting in " + file + " (format: relayer/README.md)",
          e);
    }
  }

  /** The node from the {@code trestle.node.*} fields, with default timing and fee caps. */
  static RelayerNodeConfig fromFields(NodeProperties p) {
    byte[] pkcs8 = secret(required(p.identityKey(), "identity-key", "its PKCS#8 Ed25519 key file"));
    try {
      Ed25519KeyPair.decodePkcs8(pkcs8);
    } catch (IllegalArgumentException e) {
      throw bad("identity-key", p.identityKey() + " is not a PKCS#8 Ed25519 private key", e);
    }
    Path evmFile = required(p.evmKey(), "evm-key", "its hex secp256k1 key file");
    EvmKey evm;
    try {
      evm = EvmKey.fromPrivateKey(new String(secret(evmFile), StandardCharsets.UTF_8).strip());
    } catch (RuntimeException e) {
      throw bad("evm-key", evmFile + " is not a hex secp256k1 private key", e);
    }
    Path committeeFile = required(p.committee(), "committee", "the committee file");
    Committee committee;
    try {
      committee = RelayerConfigFile.loadCommittee(committeeFile);
    } catch (ConfigException e) {
      throw bad("committee", e.getMessage(), e);
    }
    InetSocketAddress listen =
        endpoint(required(p.listen(), "listen", "host:port, e.g. 0.0.0.0:7000"), "listen");
    Map<Integer, InetSocketAddress> peers = new HashMap<>();
    p.peers().forEach((i, a) -> peers.put(i, endpoint(a, "peers[" + i + "]")));
    Path dataDir = required(p.dataDir(), "data-dir", "a directory kept across restarts");
    if (p.chains().isEmpty()) {
      throw bad("chains", "no chain configured", null);
    }
    List<RelayerNodeConfig.Chain> chains = new ArrayList<>();
    for (int i = 0; i < p.chains().size(); i++) {
      NodeProperties.Chain c = p.chains().get(i);
      String key = "chains[" + i + "]";
      if (c.chainId() <= 0) {
        throw bad(key + ".chain-id", "must be a positive EIP-155 chain id (e.g. 31337)", null);
      }
      if (c.rpcUrls().isEmpty()) {
        throw bad(key + ".rpc-urls", "must list at least one JSON-RPC URL", null);
      }
      if (c.gateway() == null || !c.gateway().strip().matches("0[xX][0-9a-fA-F]{40}")) {
        throw bad(key + ".gateway", "must be the gateway's 0x-prefixed address", null);
      }
      chains.add(
          new RelayerNodeConfig.Chain(
              c.chainId(),
              c.rpcUrls().stream().map(Object::toString).toList(),
              c.gateway().strip().toLowerCase(java.util.Locale.ROOT),
              c.confirmations(),
              c.startBlock()));
    }
    try {
      return new RelayerNodeConfig(
          pkcs8,
          evm,
          committee,
          listen,
          peers,
          dataDir,
          chains,
          RelayerNodeConfig.Timing.defaults(),
          new FeePolicy(
              BigInteger.valueOf(200_000_000_000L), BigInteger.valueOf(5_000_000_000L), 12),
          RelayerNodeConfig.Governor.none());
    } catch (IllegalArgumentException e) {
      throw bad("chains", e.getMessage(), e);
    }
  }

  private static <T> T required(T value, String field, String what) {
    if (value == null || value.toString().isBlank()) {
      throw new NodeConfigException(
          "trestle.node." + field + " is not set",
          "set trestle.node." + field + " to " + what + " (or use trestle.node.config-file)",
          null);
    }
    return value;
  }

  private static NodeConfigException bad(String field, String problem, Throwable cause) {
    return new NodeConfigException(
        "trestle.node." + field + ": " + problem,
        "correct trestle.node." + field + " (format: relayer/README.md)",
        cause);
  }

  private static InetSocketAddress endpoint(String hostPort, String field) {
    String v = hostPort.strip();
    int colon = v.lastIndexOf(':');
    try {
      int port = Integer.parseInt(v.substring(colon + 1));
      if (colon <= 0 || port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(v.substring(0, colon), port);
    } catch (RuntimeException e) {
      throw bad(field, "must be host:port, got '" + v + "'", e);
    }
  }

  /** A key file's bytes, refused when group or others may read it. */
  private static byte[] secret(Path file) {
    try {
      for (PosixFilePermission perm : Files.getPosixFilePermissions(file)) {
        if (perm.name().startsWith("GROUP") || perm.name().startsWith("OTHERS")) {
          throw new NodeConfigException(
              "key file " + file + " is accessible by group/others", "chmod 600 " + file, null);
        }
      }
      return Files.readAllBytes(file);
    } catch (UnsupportedOperationException e) {
      try {
        return Files.readAllBytes(file);
      } catch (IOException io) {
        throw new NodeConfigException(
            "cannot read key file " + file + ": " + io.getMessage(), "check the path", io);
      }
    } catch (IOException e) {
      throw new NodeConfigException(
          "cannot read key file " + file + ": " + e.getMessage(),
          "check trestle.node.identity-key / evm-key",
          e);
    }
  }
}
