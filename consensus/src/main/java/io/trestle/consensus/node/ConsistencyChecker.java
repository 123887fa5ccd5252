package io.trestle.consensus.node;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Same height, same hash: follows every node's {@code commits.log} (new lines only, on each {@link
 * #poll}) and reports the first height at which two nodes committed different blocks. A node that
 * restarts and re-commits a height must commit the same hash again.
 */
public final class ConsistencyChecker {
  /** Two nodes disagree about the block at {@code height}. */
  public record Mismatch(long height, int nodeA, String hashA, int nodeB, String hashB) {
    @Override
    public String toString() {
      return "FORK at height %d: node %d committed %s, node %d committed %s"
          .formatted(height, nodeA, hashA, nodeB, hashB);
    }
  }

  private final List<Path> logs;
  private final long[] offsets;
  private final long[] tips;
  private final Map<Long, String> hashAt = new HashMap<>();
  private final Map<Long, Integer> firstNode = new HashMap<>();

  public ConsistencyChecker(List<Path> dataDirs) {
    this.logs = dataDirs.stream().map(d -> d.resolve("commits.log")).toList();
    this.offsets = new long[logs.size()];
    this.tips = new long[logs.size()];
  }

  /** Reads new commits; returns the first mismatch found, if any. */
  public Optional<Mismatch> poll() throws IOException {
    for (int i = 0; i < logs.size(); i++) {
      Path log = logs.get(i);
      if (!Files.exists(log)) {
        continue;
      }
      try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
        if (f.length() <= offsets[i]) {
          continue;
        }
        byte[] buf = new byte[(int) (f.length() - offsets[i])];
        f.seek(offsets[i]);
        f.readFully(buf);
        String chunk = new String(buf, StandardCharsets.US_ASCII);
        int lastNl = chunk.lastIndexOf('\n');
        if (lastNl < 0) {
          continue;
        }
        offsets[i] += lastNl + 1;
        for (String line : chunk.substring(0, lastNl).split("\n")) {
          String[] f2 = line.split(" ");
          if (f2.length != 2) {
            continue;
          }
          long h = Long.parseLong(f2[0]);
          tips[i] = Math.max(tips[i], h);
          String prev = hashAt.putIfAbsent(h, f2[1]);
          if (prev == null) {
            firstNode.put(h, i);
          } else if (!prev.equals(f2[1])) {
            return Optional.of(new Mismatch(h, firstNode.get(h), prev, i, f2[1]));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Highest height each node has logged so far. */
  public long[] tips() {
    return tips.clone();
  }

  /** Heights checked on at least one node. */
  public int heightsSeen() {
    return hashAt.size();
  }

  static List<Path> dirs(Path base, int n) {
    List<Path> d = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      d.add(base.resolve("node" + i));
    }
    return d;
  }
}
