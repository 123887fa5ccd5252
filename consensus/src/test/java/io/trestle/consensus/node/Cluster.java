package io.trestle.consensus.node;

import static org.junit.jupiter.api.Assertions.fail;

import io.trestle.canonical.v1.ConsensusEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * n {@link NodeMain} processes on loopback for integration tests. Every link i → j goes through its
 * own {@link TcpProxy}, so tests can partition the committee; the consistency checker runs on every
 * wait.
 */
final class Cluster implements AutoCloseable {
  private static final Pattern KV = Pattern.compile("(\\w+)=(\\S+)");
  final Path dir;
  final int n;
  final List<Path> configs;
  final List<InetSocketAddress> endpoints = new ArrayList<>();
  private final Process[] nodes;
  private final TcpProxy[][] proxies;
  private final ConsistencyChecker checker;
  private final String classPath;

  Cluster(Path dir, int n, long loadRate, long baseTimeoutMs) throws Exception {
    this(dir, n, loadRate, baseTimeoutMs, ConsensusEngine.HOTSTUFF);
  }

  /** A cluster whose genesis committee runs {@code engine}. */
  Cluster(Path dir, int n, long loadRate, long baseTimeoutMs, ConsensusEngine engine)
      throws Exception {
    this.dir = dir;
    this.n = n;
    this.configs =
        CommitteeLauncher.generate(
            dir, n, new SecureRandom(), loadRate, System.currentTimeMillis() + 5_000, engine);
    var committee = CommitteeFile.load(dir.resolve("committee.txt"));
    for (var m : committee.members()) {
      endpoints.add(NodeConfig.resolve(m.endpoint()));
    }
    proxies = new TcpProxy[n][n];
    for (int i = 0; i < n; i++) {
      StringBuilder extra =
          new StringBuilder("\nbase_timeout_ms = " + baseTimeoutMs + "\nmax_batch = 64\n");
      for (int j = 0; j < n; j++) {
        if (i != j) {
          proxies[i][j] = new TcpProxy(endpoints.get(j));
          extra
              .append("peer.")
              .append(j)
              .append(" = 127.0.0.1:")
              .append(proxies[i][j].port())
              .append('\n');
        }
      }
      Files.writeString(configs.get(i), extra, StandardOpenOption.APPEND);
    }
    nodes = new Process[n];
    checker = new ConsistencyChecker(ConsistencyChecker.dirs(dir, n));
    String cp = System.getProperty("surefire.test.class.path");
    classPath = cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  void start(int i) throws IOException {
    nodes[i] =
        CommitteeLauncher.spawn(
            configs.get(i), dir.resolve("node" + i + ".log"), List.of(), classPath);
  }

  void startAll() throws IOException {
    for (int i = 0; i < n; i++) {
      start(i);
    }
  }

  /** SIGKILL: no shutdown hook, no flush. */
  void kill9(int i) throws InterruptedException {
    nodes[i].destroyForcibly();
    nodes[i].waitFor();
  }

  boolean alive(int i) {
    return nodes[i] != null && nodes[i].isAlive();
  }

  Map<String, String> status(int i) {
    Map<String, String> m = new HashMap<>();
    try {
      Path p = dir.resolve("node" + i).resolve("status");
      if (Files.exists(p)) {
        Matcher k = KV.matcher(Files.readString(p));
        while (k.find()) {
          m.putIfAbsent(k.group(1), k.group(2));
        }
      }
    } catch (IOException e) {
      // being replaced right now; the next poll reads it
    }
    return m;
  }

  long stat(int i, String key) {
    String v = status(i).get(key);
    return v == null ? -1 : Long.parseLong(v.replaceAll("[^0-9-]", ""));
  }

  long height(int i) {
    return stat(i, "height");
  }

  long maxHeight() {
    long h = 0;
    for (int i = 0; i < n; i++) {
      h = Math.max(h, height(i));
    }
    return h;
  }

  /** Cuts every link between {@code side} and the rest. */
  void partition(Set<Integer> side) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j && side.contains(i) != side.contains(j)) {
          proxies[i][j].block();
        }
      }
    }
  }

  void heal() {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          proxies[i][j].unblock();
        }
      }
    }
  }

  void checkConsistent() throws IOException {
    var bad = checker.poll();
    if (bad.isPresent()) {
      fail(bad.get().toString());
    }
  }

  void await(String what, long timeoutMs, BooleanSupplier cond) throws Exception {
    long end = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < end) {
      checkConsistent();
      for (int i = 0; i < n; i++) {
        if (nodes[i] != null && !nodes[i].isAlive() && nodes[i].exitValue() != 137) {
          fail("node " + i + " exited with " + nodes[i].exitValue() + " while waiting for " + what);
        }
      }
      if (cond.getAsBoolean()) {
        return;
      }
      Thread.sleep(200);
    }
    StringBuilder sb = new StringBuilder("timed out waiting for " + what + "; heights:");
    for (int i = 0; i < n; i++) {
      sb.append(' ').append(height(i));
    }
    fail(sb.toString());
  }

  @Override
  public void close() throws IOException {
    for (Process p : nodes) {
      if (p != null) {
        p.destroyForcibly();
      }
    }
    for (TcpProxy[] row : proxies) {
      for (TcpProxy p : row) {
        if (p != null) {
          p.close();
        }
      }
    }
  }
}
