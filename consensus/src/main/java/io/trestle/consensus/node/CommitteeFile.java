package io.trestle.consensus.node;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.canonical.v1.Member;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The genesis committee as a text file, one item per line ({@code #} starts a comment):
 *
 * <pre>
 * committee_id &lt;64 hex digits&gt;
 * member &lt;ed25519 key, 64 hex&gt; &lt;host:port&gt; [weight, default 1]
 * engine hotstuff|raft            (optional, default hotstuff)
 * </pre>
 *
 * Members are signer 0, 1, … in file order.
 */
public final class CommitteeFile {
  private CommitteeFile() {}

  /** Reads and validates {@code file}; every problem is one line naming the file and line. */
  public static Committee load(Path file) throws ConfigException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read committee file " + file + ": " + e.getMessage());
    }
    byte[] id = null;
    ConsensusEngine engine = ConsensusEngine.HOTSTUFF;
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
          case "member" -> {
            if (f.length < 3 || f.length > 4) {
              throw new ConfigException(where + "expected: member <key hex> <host:port> [weight]");
            }
            byte[] key = hex(f, 1, 32);
            endpoint(f[2]);
            long weight = f.length == 4 ? Long.parseLong(f[3]) : 1;
            if (weight <= 0) {
              throw new ConfigException(where + "weight must be positive");
            }
            byte[] evm = new byte[20];
            System.arraycopy(key, 0, evm, 0, 20);
            members.add(new Member(key, evm, f[2], weight));
          }
          case "engine" -> {
            if (f.length != 2 || !(f[1].equals("hotstuff") || f[1].equals("raft"))) {
              throw new ConfigException(where + "expected: engine hotstuff|raft");
            }
            engine = f[1].equals("raft") ? ConsensusEngine.RAFT : ConsensusEngine.HOTSTUFF;
          }
          default -> throw new ConfigException(where + "unknown item '" + f[0] + "'");
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigException(where + e.getMessage());
      }
    }
    if (id == null) {
      throw new ConfigException(file + ": missing committee_id line");
    }
    if (members.isEmpty()) {
      throw new ConfigException(file + ": no member lines");
    }
    return new Committee(id, 0, engine, members);
  }

  private static byte[] hex(String[] f, int i, int len) {
    if (f.length <= i) {
      throw new IllegalArgumentException("missing hex value");
    }
    byte[] b = HexFormat.of().parseHex(f[i]);
    if (b.length != len) {
      throw new IllegalArgumentException("expected " + len + " bytes of hex, got " + b.length);
    }
    return b;
  }

  /** Parses {@code host:port}. */
  public static InetSocketAddress endpoint(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("endpoint must be host:port, got '" + hostPort + "'");
    }
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range in '" + hostPort + "'");
    }
    return InetSocketAddress.createUnresolved(hostPort.substring(0, colon), port);
  }

  /** Writes a committee file for {@code committee}. */
  public static void save(Path file, Committee committee) throws IOException {
    StringBuilder sb = new StringBuilder("# Trestle genesis committee\n");
    sb.append("committee_id ")
        .append(HexFormat.of().formatHex(committee.committeeId()))
        .append('\n');
    if (committee.engine() == ConsensusEngine.RAFT) {
      sb.append("engine raft\n");
    }
    for (Member m : committee.members()) {
      sb.append("member ")
          .append(HexFormat.of().formatHex(m.ed25519Key()))
          .append(' ')
          .append(m.endpoint())
          .append(' ')
          .append(m.weight())
          .append('\n');
    }
    Files.writeString(file, sb.toString());
  }
}
