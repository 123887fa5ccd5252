package io.trestle.relayer.node;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.canonical.v1.Member;
import io.trestle.consensus.node.ConfigException;
import io.trestle.relayer.deliver.EvmKey;
import io.trestle.relayer.deliver.FeePolicy;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a {@link RelayerNodeConfig} from a {@link Properties} file (relative paths are relative to
 * the file's directory). Every problem is one {@link ConfigException} line naming the file and the
 * setting.
 *
 * <pre>
 * identity_key = node0.key       # PKCS#8 Ed25519 private key (RFC 8410), mode 600
 * evm_key      = node0.evm       # hex secp256k1 private key, mode 600
 * committee    = committee.txt   # see below
 * listen       = 127.0.0.1:7000
 * data_dir     = node0
 * chains       = 31337, 31338
 * chain.31337.rpc           = http://127.0.0.1:8545, http://127.0.0.1:9545
 * chain.31337.gateway       = 0x5fbd...
 * chain.31337.confirmations = 2
 * # optional
 * chain.31337.start_block   = 0
 * peer.2                    = 127.0.0.1:7102   # dial member 2 here instead
 * base_timeout_ms = 1000, watcher_poll_ms = 500, fallback_timeout_ms = 10000,
 * signature_timeout_ms = 5000, receipt_timeout_ms = 30000, retry_backoff_ms = 2000
 * max_fee_wei = 200000000000, max_priority_fee_wei = 5000000000, fee_bump_percent = 12
 * governor.delay_ms = 86400000
 * governor.limit.usdc = &lt;source chain&gt; &lt;origin chain&gt; &lt;token&gt; &lt;max value&gt; &lt;window ms&gt;
 * </pre>
 *
 * The committee file: {@code committee_id <64 hex>}, optionally {@code epoch <n>}, then one line
 * per member, signer 0, 1, … in order: {@code member <ed25519 key, 64 hex> <host:port> <EVM
 * address> [weight]}.
 */
public final class RelayerConfigFile {
  private RelayerConfigFile() {}

  /** Reads {@code file} and the key and committee files it names. */
  public static RelayerNodeConfig load(Path file) throws ConfigException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new ConfigException("cannot read relayer config " + file + ": " + e.getMessage());
    }
    Path base = file.toAbsolutePath().getParent();
    String where = file + ": ";
    byte[] pkcs8 = readSecret(base.resolve(required(p, "identity_key", file)));
    try {
      Ed25519KeyPair.decodePkcs8(pkcs8);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + "identity_key is not a PKCS#8 Ed25519 key");
    }
    EvmKey evm;
    Path evmFile = base.resolve(required(p, "evm_key", file));
    try {
      evm = EvmKey.fromPrivateKey(new String(readSecret(evmFile)).strip());
    } catch (RuntimeException e) {
      throw new ConfigException(where + "evm_key " + evmFile + " is not a hex secp256k1 key");
    }
    Committee committee = loadCommittee(base.resolve(required(p, "committee", file)));
    try {
      Map<Integer, InetSocketAddress> peers = new HashMap<>();
      for (String k : p.stringPropertyNames()) {
        if (k.startsWith("peer.")) {
          peers.put(Integer.parseInt(k.substring(5)), endpoint(p.getProperty(k), k));
        }
      }
      List<RelayerNodeConfig.Chain> chains = new ArrayList<>();
      for (String id : required(p, "chains", file).split(",")) {
        long chainId = Long.parseLong(id.strip());
        String prefix = "chain." + chainId + ".";
        chains.add(
            new RelayerNodeConfig.Chain(
                chainId,
                Arrays.stream(required(p, prefix + "rpc", file).split(","))
                    .map(String::strip)
                    .toList(),
                address(required(p, prefix + "gateway", file), prefix + "gateway"),
                Integer.parseInt(required(p, prefix + "confirmations", file)),
                Long.parseLong(p.getProperty(prefix + "start_block", "0").strip())));
      }
      RelayerNodeConfig.Timing d = RelayerNodeConfig.Timing.defaults();
      RelayerNodeConfig.Timing timing =
          new RelayerNodeConfig.Timing(
              ms(p, "base_timeout_ms", d.consensusBaseTimeout()),
              ms(p, "watcher_poll_ms", d.watcherPoll()),
              ms(p, "fallback_timeout_ms", d.fallbackTimeout()),
              ms(p, "signature_timeout_ms", d.signatureTimeout()),
              ms(p, "receipt_timeout_ms", d.receiptTimeout()),
              ms(p, "retry_backoff_ms", d.retryBackoff()));
      FeePolicy fees =
          new FeePolicy(
              new BigInteger(p.getProperty("max_fee_wei", "200000000000").strip()),
              new BigInteger(p.getProperty("max_priority_fee_wei", "5000000000").strip()),
              Integer.parseInt(p.getProperty("fee_bump_percent", "12").strip()));
      List<RelayerNodeConfig.Limit> limits = new ArrayList<>();
      for (String k : p.stringPropertyNames()) {
        if (k.startsWith("governor.limit.")) {
          limits.add(limit(p.getProperty(k), k));
        }
      }
      return new RelayerNodeConfig(
          pkcs8,
          evm,
          committee,
          endpoint(required(p, "listen", file), "listen"),
          peers,
          base.resolve(required(p, "data_dir", file)),
          chains,
          timing,
          fees,
          new RelayerNodeConfig.Governor(
              ms(p, "governor.delay_ms", RelayerNodeConfig.Governor.none().delay()), limits));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + e.getMessage());
    }
  }

  /** Reads and checks a committee file (format in the class comment). */
  public static Committee loadCommittee(Path file) throws ConfigException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read committee file " + file + ": " + e.getMessage());
    }
    byte[] id = null;
    long epoch = 0;
    List<Member> members = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      String where = file + ":" + (n + 1) + ": ";
      try {
        switch (f[0]) {
          case "committee_id" -> id = hex(f, 1, 32);
          case "epoch" -> epoch = Long.parseLong(f[1]);
          case "member" -> {
            if (f.length < 4 || f.length > 5) {
              throw new ConfigException(
                  where + "expected: member <ed25519 key hex> <host:port> <EVM address> [weight]");
            }
            endpoint(f[2], "endpoint");
            long weight = f.length == 5 ? Long.parseLong(f[4]) : 1;
            if (weight <= 0) {
              throw new ConfigException(where + "weight must be positive");
            }
            byte[] evm = HexFormat.of().parseHex(address(f[3], "EVM address").substring(2));
            members.add(new Member(hex(f, 1, 32), evm, f[2], weight));
          }
          default -> throw new ConfigException(where + "unknown item '" + f[0] + "'");
        }
      } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
        throw new ConfigException(where + e.getMessage());
      }
    }
    if (id == null) {
      throw new ConfigException(file + ": missing committee_id line");
    }
    if (members.isEmpty()) {
      throw new ConfigException(file + ": no member lines");
    }
    return new Committee(id, epoch, ConsensusEngine.HOTSTUFF, members);
  }

  /** Writes {@code committee} in the committee file format. */
  public static void saveCommittee(Path file, Committee committee) throws IOException {
    StringBuilder sb = new StringBuilder("# Trestle relayer committee\n");
    HexFormat hex = HexFormat.of();
    sb.append("committee_id ").append(hex.formatHex(committee.committeeId())).append('\n');
    sb.append("epoch ").append(committee.epoch()).append('\n');
    for (Member m : committee.members()) {
      sb.append("member ")
          .append(hex.formatHex(m.ed25519Key()))
          .append(' ')
          .append(m.endpoint())
          .append(" 0x")
          .append(hex.formatHex(m.evmAddress()))
          .append(' ')
          .append(m.weight())
          .append('\n');
    }
    Files.writeString(file, sb.toString());
  }

  private static RelayerNodeConfig.Limit limit(String v, String key) {
    String[] f = v.strip().split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException(
          key + ": expected <source chain> <origin chain> <token> <max value> <window ms>");
    }
    return new RelayerNodeConfig.Limit(
        Long.parseLong(f[0]),
        Long.parseLong(f[1]),
        address(f[2], key),
        new BigInteger(f[3]),
        Duration.ofMillis(Long.parseLong(f[4])));
  }

  private static Duration ms(Properties p, String key, Duration dflt) {
    String v = p.getProperty(key);
    if (v == null) {
      return dflt;
    }
    long ms = Long.parseLong(v.strip());
    if (ms <= 0) {
      throw new IllegalArgumentException(key + " must be positive");
    }
    return Duration.ofMillis(ms);
  }

  private static String required(Properties p, String key, Path file) throws ConfigException {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new ConfigException(file + ": missing required setting '" + key + "'");
    }
    return v.strip();
  }

  private static String address(String v, String what) {
    String a = v.strip().toLowerCase(java.util.Locale.ROOT);
    if (!a.matches("0x[0-9a-f]{40}")) {
      throw new IllegalArgumentException(what + " is not a 0x-prefixed 20-byte address: " + v);
    }
    return a;
  }

  private static InetSocketAddress endpoint(String hostPort, String what) {
    String v = hostPort.strip();
    int colon = v.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(what + " must be host:port, got '" + v + "'");
    }
    int port = Integer.parseInt(v.substring(colon + 1));
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + ": port out of range in '" + v + "'");
    }
    return new InetSocketAddress(v.substring(0, colon), port);
  }

  private static byte[] hex(String[] f, int i, int len) {
    byte[] b = HexFormat.of().parseHex(f[i]);
    if (b.length != len) {
      throw new IllegalArgumentException("expected " + len + " bytes of hex, got " + b.length);
    }
    return b;
  }

  /** Reads a key file, refusing one readable by group or others. */
  static byte[] readSecret(Path file) throws ConfigException {
    try {
      try {
        for (PosixFilePermission perm : Files.getPosixFilePermissions(file)) {
          if (perm.name().startsWith("GROUP") || perm.name().startsWith("OTHERS")) {
            throw new ConfigException(
                "key file " + file + " is accessible by group/others; chmod 600 it");
          }
        }
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: nothing to check
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read key file " + file + ": " + e.getMessage());
    }
  }
}
