package io.trestle.consensus.node;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.canonical.v1.Member;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code CommitteeLauncher <n> [dir]}: generates n identity keys (PKCS#8, mode 600), a genesis
 * committee on free loopback ports and one config per node under {@code dir} (default {@code
 * .devnet/committee}), starts n {@link NodeMain} processes (this JVM's class path, ZGC), and checks
 * their commits against each other every second, printing one status line. A fork prints the
 * mismatch, stops every node and exits 1; Ctrl-C stops the nodes.
 */
public final class CommitteeLauncher {
  private CommitteeLauncher() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2 || !args[0].matches("[1-9][0-9]{0,2}")) {
      System.err.println("usage: committee <n> [dir]   (n = number of nodes, e.g. 4)");
      System.exit(2);
    }
    int n = Integer.parseInt(args[0]);
    Path dir = Path.of(args.length == 2 ? args[1] : ".devnet/committee").toAbsolutePath();
    List<Path> configs = generate(dir, n, new SecureRandom(), 0, 0);
    List<Process> nodes = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> nodes.forEach(Process::destroy)));
    for (int i = 0; i < n; i++) {
      nodes.add(
          spawn(
              configs.get(i),
              dir.resolve("node" + i + ".log"),
              List.of(),
              System.getProperty("java.class.path")));
    }
    System.out.println("committee: " + n + " nodes in " + dir);
    ConsistencyChecker checker = new ConsistencyChecker(ConsistencyChecker.dirs(dir, n));
    while (true) {
      Thread.sleep(1_000);
      Optional<ConsistencyChecker.Mismatch> bad = checker.poll();
      if (bad.isPresent()) {
        System.err.println("committee: " + bad.get());
        nodes.forEach(Process::destroy);
        System.exit(1);
      }
      StringBuilder sb = new StringBuilder("committee: heights");
      long[] tips = checker.tips();
      for (int i = 0; i < n; i++) {
        sb.append(' ').append(tips[i]).append(nodes.get(i).isAlive() ? "" : "(down)");
      }
      System.out.println(sb.append(" consistent"));
    }
  }

  /**
   * Writes keys, committee file and node configs for an n-node loopback committee into {@code dir};
   * returns the config paths. {@code loadRate}/{@code loadStartMs} configure the synthetic message
   * stream (0 = none).
   */
  public static List<Path> generate(
      Path dir, int n, SecureRandom random, long loadRate, long loadStartMs) throws IOException {
    return generate(dir, n, random, loadRate, loadStartMs, ConsensusEngine.HOTSTUFF);
  }

  /** As the other {@code generate}, for a committee whose genesis epoch runs {@code engine}. */
  public static List<Path> generate(
      Path dir, int n, SecureRandom random, long loadRate, long loadStartMs, ConsensusEngine engine)
      throws IOException {
    Files.createDirectories(dir);
    List<Ed25519KeyPair> keys = new ArrayList<>();
    List<Member> members = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Ed25519KeyPair k = Ed25519KeyPair.generate(random);
      keys.add(k);
      int port = freePort();
      ports.add(port);
      byte[] evm = new byte[20];
      System.arraycopy(k.publicKey(), 0, evm, 0, 20);
      members.add(new Member(k.publicKey(), evm, "127.0.0.1:" + port, 1));
    }
    byte[] id = new byte[32];
    random.nextBytes(id);
    Committee c = new Committee(id, 0, engine, members);
    CommitteeFile.save(dir.resolve("committee.txt"), c);
    List<Path> configs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path key = dir.resolve("node" + i + ".key");
      Files.deleteIfExists(key);
      Files.createFile(
          key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(key, keys.get(i).encodePkcs8());
      Path cfg = dir.resolve("node" + i + ".properties");
      Files.writeString(
          cfg,
          """
          identity_key = node%d.key
          committee = committee.txt
          listen = 127.0.0.1:%d
          data_dir = node%d
          load_rate = %d
          load_start_ms = %d
          """
              .formatted(i, ports.get(i), i, loadRate, loadStartMs));
      configs.add(cfg);
    }
    return configs;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts {@code NodeMain config} in a new JVM with {@code classPath}; output to {@code log}. */
  public static Process spawn(Path config, Path log, List<String> jvmArgs, String classPath)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseZGC");
    cmd.add("-Xms128m");
    cmd.add("-Xmx512m");
    cmd.add("-XX:+UseStringDeduplication");
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(NodeMain.class.getName());
    cmd.add(config.toString());
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }
}
