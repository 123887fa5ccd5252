package io.trestle.consensus.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Load run of an n-process committee on loopback with a steady synthetic message stream:
 *
 * <pre>
 * ./mvnw -B -pl consensus -Pload test-compile exec:exec -Dload.args="n rate seconds [maxBatch] [baseTimeoutMs] [stall]"
 * </pre>
 *
 * Each node observes the same deterministic stream ({@link SyntheticLoad}, {@code rate} messages of
 * 200-byte payload per second). After warm-up the harness samples every node's status file and
 * prints committed messages/s, commit latency p50/p99 (message due time → commit on node 0), view
 * changes, bytes sent per committed message, CPU and RSS per node, and ZGC pause p50/p99/max (JFR
 * {@code jdk.GCPhasePause} in each node). With {@code stall}, node n-1 is SIGSTOPped for the middle
 * third of the run (a peer that stops reading: its queues fill, the others must keep committing).
 * With {@code -Dload.jfr=FILE}, node 0 runs with a JFR profiling recording dumped to FILE at exit;
 * with {@code -Dload.jfrAll=DIR} every node records its consensus-phase events into DIR. The window
 * starts after a warm-up ({@code -Dload.warmupS}, default {@value #DEFAULT_WARMUP_S} s) and latency
 * percentiles count only messages due after it: four or seven JVMs sharing two cores keep C2 busy
 * for 45-60 s after the stream starts (compile logs: ~5,300 compilations per node, the last level-4
 * ones of Netty's decoder and the batch verifier 40-60 s in), and a window inside that measures the
 * JIT, not the node. {@code -Dload.nodeArgs=A,B} adds JVM options to every node. The run's
 * directory (configs, logs, WALs, block stores: up to a few GB) is deleted at the end, unless the
 * nodes' committed hashes diverged or {@code -Dload.keep=true}.
 */
public final class LoadHarness {
  /** Seconds of stream before the window (JIT warm-up of every node). */
  static final long DEFAULT_WARMUP_S = 60;

  private LoadHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: LoadHarness n rate seconds [maxBatch] [baseTimeoutMs] [stall]");
      System.exit(2);
    }
    int n = Integer.parseInt(args[0]);
    long rate = Long.parseLong(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int maxBatch = args.length > 3 ? Integer.parseInt(args[3]) : 1024;
    long timeout = args.length > 4 ? Long.parseLong(args[4]) : 1_000;
    boolean stall = args.length > 5 && args[5].equals("stall");
    Path dir = Files.createTempDirectory("trestle-load");
    String jfr = System.getProperty("load.jfr"); // a .jfr file: node 0 records a JFR profile
    String jfrAll = System.getProperty("load.jfrAll"); // a directory: every node records events
    List<Path> cfgs = CommitteeLauncher.generate(dir, n, new SecureRandom(), rate, 0);
    for (Path c : cfgs) {
      Files.writeString(
          c,
          "max_batch = " + maxBatch + "\nbase_timeout_ms = " + timeout + "\n",
          StandardOpenOption.APPEND);
    }
    List<Process> nodes = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> nodes.forEach(Process::destroyForcibly)));
    for (int i = 0; i < n; i++) {
      nodes.add(
          CommitteeLauncher.spawn(
              cfgs.get(i),
              dir.resolve("node" + i + ".log"),
              nodeJvmArgs(i, jfr, jfrAll),
              System.getProperty("java.class.path")));
    }
    ConsistencyChecker checker = new ConsistencyChecker(ConsistencyChecker.dirs(dir, n));
    // Start the stream once every node commits (JVM start-up varies a lot on a busy machine),
    // measure from the warm-up's end (-Dload.warmupS, JIT) to the end.
    for (int t = 0; t < 600 && !allCommitting(dir, n); t++) {
      Thread.sleep(500);
    }
    long warmupMs = Long.getLong("load.warmupS", DEFAULT_WARMUP_S) * 1000;
    Files.writeString(
        dir.resolve("load_start"), (System.currentTimeMillis() + 1_000) + " " + warmupMs);
    Thread.sleep(1_000 + warmupMs);
    List<Map<String, String>> before = snapshot(dir, n);
    long t0 = System.currentTimeMillis();
    long stalledCommits = -1;
    if (stall) {
      Thread.sleep(seconds * 1000L / 3);
      signal("STOP", nodes.get(n - 1));
      long h = num(snapshot(dir, n).get(0), "committed_msgs");
      Thread.sleep(seconds * 1000L / 3);
      stalledCommits = num(snapshot(dir, n).get(0), "committed_msgs") - h;
      signal("CONT", nodes.get(n - 1));
      Thread.sleep(seconds * 1000L / 3);
    } else {
      Thread.sleep(seconds * 1000L);
    }
    List<Map<String, String>> after = snapshot(dir, n);
    double secs = (System.currentTimeMillis() - t0) / 1000.0;
    var bad = checker.poll();
    nodes.forEach(Process::destroy); // SIGTERM: node 0 dumps its JFR recording on exit
    for (Process p : nodes) {
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (bad.isPresent()) {
      System.err.println("load: " + bad.get() + " (nodes' data and logs kept in " + dir + ")");
      System.exit(1);
    }
    if (Boolean.getBoolean("load.keep")) {
      System.out.println("load: nodes' data and logs kept in " + dir);
    } else {
      deleteTree(dir); // each run's WALs and block stores take up to a few GB
    }
    long msgs = num(after.get(0), "committed_msgs") - num(before.get(0), "committed_msgs");
    long bytes = 0;
    long views = 0;
    for (int i = 0; i < n; i++) {
      bytes += num(after.get(i), "sent_bytes") - num(before.get(i), "sent_bytes");
      views = Math.max(views, num(after.get(i), "timeouts") - num(before.get(i), "timeouts"));
    }
    long cpuMs = 0;
    for (int i = 0; i < n; i++) {
      cpuMs += num(after.get(i), "cpu_ms") - num(before.get(i), "cpu_ms");
    }
    long blocks = num(after.get(0), "height") - num(before.get(0), "height");
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "  load-independent: cpu per committed msg %.1f us per node, cpu per block %.2f ms per node, %.1f blocks/s, %.0f msgs/block%n",
            msgs == 0 ? 0.0 : cpuMs * 1000.0 / n / msgs,
            blocks == 0 ? 0.0 : (double) cpuMs / n / blocks,
            blocks / secs,
            blocks == 0 ? 0.0 : (double) msgs / blocks));
    out.append(
        String.format(
            Locale.ROOT,
            "load n=%d offered=%d/s batch=%d window=%.0fs: committed %.0f msgs/s, latency p50 %s ms p99 %s ms, timeouts %d, bytes/msg %.0f, heights %s%n",
            n,
            rate,
            maxBatch,
            secs,
            msgs / secs,
            after.get(0).get("latency_p50_ms"),
            after.get(0).get("latency_p99_ms"),
            views,
            msgs == 0 ? 0.0 : (double) bytes / msgs,
            java.util.Arrays.toString(checker.tips())));
    for (int i = 0; i < n; i++) {
      Map<String, String> a = after.get(i);
      double cpu = (num(a, "cpu_ms") - num(before.get(i), "cpu_ms")) / (secs * 10.0);
      out.append(
          String.format(
              Locale.ROOT,
              "  node %d: cpu %.0f%% of a core, rss %d MiB, gc pauses %s p50 %s us p99 %s us max %s us, dropped out/in %s/%s%n",
              i,
              cpu,
              num(a, "rss_kb") / 1024,
              a.get("gc_pauses"),
              a.get("gc_p50_us"),
              a.get("gc_p99_us"),
              a.get("gc_max_us"),
              a.get("dropped_out"),
              a.get("dropped_in")));
    }
    if (stall) {
      out.append(
          String.format(
              Locale.ROOT,
              "  node %d SIGSTOPped for %d s: the others committed %d msgs meanwhile%n",
              n - 1,
              seconds / 3,
              stalledCommits));
    }
    System.out.print(out);
  }

  /**
   * JVM options for node {@code i}: {@code load.nodeArgs}, a profiling recording on node 0 ({@code
   * load.jfr}), or the default (low-overhead) recording on every node into {@code DIR/node<i>.jfr}
   * ({@code load.jfrAll}), whose consensus-phase events line up across nodes on the shared wall
   * clock.
   */
  private static List<String> nodeJvmArgs(int i, String jfr, String jfrAll) {
    List<String> args = new ArrayList<>(extraNodeArgs());
    if (i == 0 && jfr != null) {
      args.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
    } else if (jfrAll != null) {
      args.add(
          "-XX:StartFlightRecording=settings=default,dumponexit=true,filename="
              + Path.of(jfrAll).resolve("node" + i + ".jfr"));
    }
    return args;
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** {@code -Dload.nodeArgs=-XX:...,-D...}: extra JVM options for every node, comma-separated. */
  private static List<String> extraNodeArgs() {
    String extra = System.getProperty("load.nodeArgs", "").strip();
    return extra.isEmpty() ? List.of() : List.of(extra.split(","));
  }

  private static boolean allCommitting(Path dir, int n) throws Exception {
    return snapshot(dir, n).stream().allMatch(m -> num(m, "height") >= 2);
  }

  private static void signal(String sig, Process p) throws Exception {
    new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start().waitFor();
  }

  private static long num(Map<String, String> m, String k) {
    String v = m.get(k);
    return v == null ? 0 : Long.parseLong(v.replaceAll("[^0-9-]", ""));
  }

  private static List<Map<String, String>> snapshot(Path dir, int n) throws Exception {
    List<Map<String, String>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, String> m = new java.util.HashMap<>();
      Path p = dir.resolve("node" + i).resolve("status");
      if (Files.exists(p)) {
        var k = java.util.regex.Pattern.compile("(\\w+)=(\\S+)").matcher(Files.readString(p));
        while (k.find()) {
          m.putIfAbsent(k.group(1), k.group(2));
        }
      }
      all.add(m);
    }
    return all;
  }
}
