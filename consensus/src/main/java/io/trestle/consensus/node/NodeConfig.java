package io.trestle.consensus.node;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A node's configuration file ({@link Properties} syntax; relative paths are relative to the file's
 * directory):
 *
 * <pre>
 * identity_key = node0.key        # PKCS#8 Ed25519 private key (RFC 8410), mode 600
 * committee    = committee.txt    # see CommitteeFile
 * listen       = 127.0.0.1:7000
 * data_dir     = node0
 * # optional
 * base_timeout_ms = 1000          # view timer after a successful view
 * max_batch       = 1024          # messages per block
 * load_rate       = 0             # synthetic messages per second this node observes (0 = none)
 * load_start_ms   = 0             # wall-clock start of the synthetic stream, shared by all nodes;
 *                                 # 0: read it from the file load_start next to data_dir once it exists
 * peer.2          = 127.0.0.1:7102 # dial member 2 here instead of its committee endpoint
 * </pre>
 */
public record NodeConfig(
    Path identityKey,
    Path committee,
    InetSocketAddress listen,
    Path dataDir,
    long baseTimeoutMs,
    int maxBatch,
    long loadRate,
    long loadStartMs,
    Map<Integer, InetSocketAddress> peerOverrides) {

  public static NodeConfig load(Path file) throws ConfigException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new ConfigException("cannot read node config " + file + ": " + e.getMessage());
    }
    Path base = file.toAbsolutePath().getParent();
    Map<Integer, InetSocketAddress> peers = new HashMap<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith("peer.")) {
        try {
          peers.put(Integer.parseInt(k.substring(5)), resolve(p.getProperty(k)));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(file + ": bad " + k + ": " + e.getMessage());
        }
      }
    }
    try {
      return new NodeConfig(
          base.resolve(required(p, "identity_key", file)),
          base.resolve(required(p, "committee", file)),
          resolve(required(p, "listen", file)),
          base.resolve(required(p, "data_dir", file)),
          Long.parseLong(p.getProperty("base_timeout_ms", "1000")),
          Integer.parseInt(p.getProperty("max_batch", "1024")),
          Long.parseLong(p.getProperty("load_rate", "0")),
          Long.parseLong(p.getProperty("load_start_ms", "0")),
          Map.copyOf(peers));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file + ": " + e.getMessage());
    }
  }

  private static String required(Properties p, String key, Path file) throws ConfigException {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new ConfigException(file + ": missing required setting '" + key + "'");
    }
    return v.strip();
  }

  static InetSocketAddress resolve(String hostPort) {
    InetSocketAddress u = CommitteeFile.endpoint(hostPort.strip());
    return new InetSocketAddress(u.getHostString(), u.getPort());
  }
}
