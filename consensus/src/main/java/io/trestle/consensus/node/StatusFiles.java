package io.trestle.consensus.node;

import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.driver.Driver;
import io.trestle.consensus.net.NetStats;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The node's externally visible state in its data directory: {@code commits.log} gets one {@code
 * <height> <hash hex>} line per commit (appended by the driver's owner thread, flushed per line),
 * {@code status} is rewritten atomically with one {@code key=value} line.
 */
final class StatusFiles implements AutoCloseable {
  private final Path dir;
  private BufferedWriter commits;

  StatusFiles(Path dir) {
    this.dir = dir;
  }

  synchronized void committed(long height, Hash32 hash) {
    try {
      if (commits == null) {
        Files.createDirectories(dir);
        commits =
            Files.newBufferedWriter(
                dir.resolve("commits.log"),
                StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
      }
      commits.write(height + " " + hash + "\n");
      commits.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void write(Driver d, NetStats net, NodeMetrics metrics) {
    var s = d.stats();
    String line =
        "height=%d hash=%s committed_msgs=%d view_changes=%d timeouts=%d safety_saves=%d sent=%d sent_bytes=%d received=%d refused=%d oversized=%d malformed_frames=%d malformed_msgs=%d dropped_out=%d dropped_in=%d halted=%s %s state=[%s]%n"
            .formatted(
                d.committedHeight(),
                d.committedHash(),
                s.committedMessages.sum(),
                s.viewChanges.sum(),
                s.timeouts.sum(),
                s.safetySaves.sum(),
                net.sent.sum(),
                net.sentBytes.sum(),
                net.received.sum(),
                net.refusedPeers.sum(),
                net.oversizedFrames.sum(),
                net.malformedFrames.sum(),
                s.malformed.sum(),
                net.droppedOutbound.sum(),
                s.droppedInbound.sum(),
                d.halted().isPresent(),
                metrics.line(),
                d.describe());
    try {
      Path tmp = dir.resolve("status.tmp");
      Files.writeString(tmp, line);
      Files.move(
          tmp,
          dir.resolve("status"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      System.err.println("trestle-node: cannot write status: " + e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (commits != null) {
        commits.close();
      }
    } catch (IOException e) {
      System.err.println("trestle-node: closing commits.log: " + e.getMessage());
    }
  }
}
