package io.trestle.consensus.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The consensus node's write-ahead log of safety state. Each {@link #save} appends one entry (a
 * serialized protobuf, see {@link RecordLog} for the record format) and fsyncs it before returning:
 * the driver calls it before any message of the same engine step leaves the node. An entry
 * supersedes every earlier one, so when the file outgrows {@code maxFileBytes} it is compacted to
 * its last entry (written to a temporary file, fsynced, atomically renamed, directory fsynced).
 *
 * <p>Not thread-safe: the driver's owner thread only. After an {@link IOException} the log refuses
 * further saves; the node must stop and restart from disk.
 */
public final class Wal implements Closeable {
  /** Caps: one entry, and the file before compaction. */
  public record Options(int maxEntryBytes, long maxFileBytes) {
    public static Options defaults() {
      return new Options(1 << 20, 64L << 20);
    }
  }

  /** What a restart finds: every intact entry in save order (the last one is current). */
  public record Recovered(Wal wal, List<byte[]> entries, Optional<WalDamage.TornTail> repaired) {
    public Optional<byte[]> last() {
      return entries.isEmpty() ? Optional.empty() : Optional.of(entries.getLast());
    }
  }

  private final Path file;
  private final Options options;
  private final FileOpener opener;
  private RecordLog log;
  private long saves;

  private Wal(Path file, Options options, FileOpener opener, RecordLog log) {
    this.file = file;
    this.options = options;
    this.opener = opener;
    this.log = log;
  }

  /**
   * Opens or creates the log at {@code file}, truncating a torn tail.
   *
   * @throws WalCorruptException when an entry before the last one is damaged
   */
  public static Recovered open(Path file, Options options, FileOpener opener)
      throws IOException, WalCorruptException {
    Files.deleteIfExists(tmp(file));
    RecordLog.Opened o = RecordLog.open(file, options.maxEntryBytes(), opener);
    return new Recovered(new Wal(file, options, opener, o.log()), o.records(), o.repaired());
  }

  private static Path tmp(Path file) {
    return file.resolveSibling(file.getFileName() + ".compact");
  }

  /** Appends {@code entry} and makes it durable before returning. */
  public void save(byte[] entry) throws IOException {
    if (log.size() > options.maxFileBytes()) {
      compact(entry);
    } else {
      log.append(entry);
      log.sync();
    }
    saves++;
  }

  private void compact(byte[] entry) throws IOException {
    Path tmp = tmp(file);
    Files.deleteIfExists(tmp);
    try (FileChannel ch = opener.open(tmp)) {
      var frame = RecordLog.frame(entry);
      while (frame.hasRemaining()) {
        ch.write(frame, frame.position());
      }
      ch.force(true);
    }
    log.close();
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("file system cannot rename atomically: " + file, e);
    }
    syncDirectory(file.toAbsolutePath().getParent());
    try {
      log = RecordLog.open(file, options.maxEntryBytes(), opener).log();
    } catch (WalCorruptException e) {
      throw new IOException("compacted log unreadable", e);
    }
  }

  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; the rename is then as durable as it gets.
      if (Files.isDirectory(dir) && System.getProperty("os.name", "").startsWith("Windows")) {
        return;
      }
      throw e;
    }
  }

  /** Number of {@link #save} calls since open. */
  public long saves() {
    return saves;
  }

  /** Current file size in bytes. */
  public long size() {
    return log.size();
  }

  @Override
  public void close() throws IOException {
    log.close();
  }
}
