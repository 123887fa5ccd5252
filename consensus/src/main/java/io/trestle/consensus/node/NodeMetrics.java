package io.trestle.consensus.node;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import jdk.jfr.consumer.RecordingStream;

/**
 * Measurements a load run reads from each node: commit latency of synthetic messages (wall clock
 * from the message's due time to its commit on this node), GC pauses (JFR {@code jdk.GCPhasePause}
 * events, streamed in-process), process CPU time and resident set size.
 */
public final class NodeMetrics implements AutoCloseable {
  private static final int MAX_MS = 60_000;
  private final long[] latencyMs = new long[MAX_MS + 1];
  private long latencyCount;
  private final long[] pauseMicros = new long[100_000];
  private int pauses;
  private RecordingStream gc;

  /** Starts streaming GC pause events. */
  public void start() {
    gc = new RecordingStream();
    gc.enable("jdk.GCPhasePause").withThreshold(Duration.ZERO);
    gc.onEvent(
        "jdk.GCPhasePause",
        e -> {
          synchronized (pauseMicros) {
            if (pauses < pauseMicros.length) {
              pauseMicros[pauses++] = e.getDuration().toNanos() / 1_000;
            }
          }
        });
    gc.startAsync();
  }

  public synchronized void recordLatency(long ms) {
    latencyMs[(int) Math.max(0, Math.min(MAX_MS, ms))]++;
    latencyCount++;
  }

  private synchronized long latencyPercentile(double p) {
    if (latencyCount == 0) {
      return -1;
    }
    long rank = (long) Math.ceil(p * latencyCount);
    long seen = 0;
    for (int i = 0; i <= MAX_MS; i++) {
      seen += latencyMs[i];
      if (seen >= rank) {
        return i;
      }
    }
    return MAX_MS;
  }

  private long[] pausesSorted() {
    synchronized (pauseMicros) {
      long[] p = Arrays.copyOf(pauseMicros, pauses);
      Arrays.sort(p);
      return p;
    }
  }

  private static long pct(long[] sorted, double p) {
    return sorted.length == 0
        ? -1
        : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  }

  static long rssKb() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  private static final java.lang.management.OperatingSystemMXBean OS =
      ManagementFactory.getOperatingSystemMXBean();

  static long cpuMs() {
    if (OS instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime() / 1_000_000;
    }
    return -1;
  }

  /** One line of key=value pairs. */
  public String line() {
    long[] p = pausesSorted();
    return "latency_p50_ms=%d latency_p99_ms=%d latency_n=%d gc_pauses=%d gc_p50_us=%d gc_p99_us=%d gc_max_us=%d cpu_ms=%d rss_kb=%d"
        .formatted(
            latencyPercentile(0.50),
            latencyPercentile(0.99),
            latencyCount,
            p.length,
            pct(p, 0.50),
            pct(p, 0.99),
            p.length == 0 ? -1 : p[p.length - 1],
            cpuMs(),
            rssKb());
  }

  @Override
  public void close() {
    if (gc != null) {
      gc.close();
    }
  }
}
