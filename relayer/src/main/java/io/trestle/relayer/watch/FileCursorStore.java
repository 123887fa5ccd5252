package io.trestle.relayer.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * {@link CursorStore} with one small properties file per chain ({@code cursor-<chainId>.properties}
 * in a directory). A save writes a temporary file, fsyncs it and atomically renames it over the old
 * one, so a crash leaves either the old or the new cursor, never a torn one. A file that cannot be
 * parsed is reported, never silently replaced.
 */
public final class FileCursorStore implements CursorStore {
  private final Path dir;

  /**
   * @param dir directory for the cursor files; created if absent
   */
  public FileCursorStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path file(long chainId) {
    return dir.resolve("cursor-" + Long.toUnsignedString(chainId) + ".properties");
  }

  /**
   * @throws IllegalStateException if the file exists but is corrupt
   */
  @Override
  public Optional<Cursor> load(long chainId) {
    Path f = file(chainId);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      long next = Long.parseLong(p.getProperty("nextBlock"));
      String hash = p.getProperty("lastHash");
      String halt = p.getProperty("haltReason");
      if (next < 0 || (hash != null && !hash.matches("0x[0-9a-f]{64}"))) {
        throw new IllegalStateException("corrupt cursor file " + f);
      }
      return Optional.of(new Cursor(next, hash, halt));
    } catch (NumberFormatException e) {
      throw new IllegalStateException("corrupt cursor file " + f, e);
    }
  }

  @Override
  public void save(long chainId, Cursor cursor) {
    Properties p = new Properties();
    p.setProperty("nextBlock", Long.toString(cursor.nextBlock()));
    if (cursor.lastHash() != null) {
      p.setProperty("lastHash", cursor.lastHash());
    }
    if (cursor.haltReason() != null) {
      p.setProperty("haltReason", cursor.haltReason());
    }
    var text = new java.io.StringWriter();
    try {
      p.store(text, null);
      Path target = file(chainId);
      Path tmp = dir.resolve(target.getFileName() + ".tmp");
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException ignored) {
        // Some file systems cannot fsync a directory; the rename itself is atomic.
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
