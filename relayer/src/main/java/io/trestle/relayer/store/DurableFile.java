package io.trestle.relayer.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A small text state file replaced as a whole, crash-safe: the new content goes to {@code
 * <name>.tmp}, is fsynced, atomically renamed over the file, and the directory is fsynced. A crash
 * at any point leaves either the old or the new content. The last line is {@code crc32c <8 hex>} of
 * everything before it, so a damaged file is reported ({@link CorruptStateException}) instead of
 * being read as valid state. Not thread-safe per file: one owner saves it.
 */
public final class DurableFile {
  private static final String TRAILER = "crc32c ";

  private DurableFile() {}

  /** Replaces {@code file}'s content with {@code body} (text, any lines) durably. */
  public static void save(Path file, String body) throws IOException {
    String text = body.endsWith("\n") || body.isEmpty() ? body : body + "\n";
    String full = text + TRAILER + crc(text) + "\n";
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(full.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // Some file systems cannot fsync a directory; the rename itself is atomic.
    }
  }

  /**
   * The body last saved to {@code file}, or empty if it was never saved.
   *
   * @throws CorruptStateException if the checksum line is missing or does not match
   */
  public static Optional<String> load(Path file) throws IOException {
    String full;
    try {
      full = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new CorruptStateException(file, "not UTF-8 text");
    }
    if (!full.endsWith("\n")) {
      throw new CorruptStateException(file, "no checksum line");
    }
    int last = full.lastIndexOf('\n', full.length() - 2);
    String body = full.substring(0, last + 1);
    String trailer = full.substring(last + 1, full.length() - 1);
    if (!trailer.startsWith(TRAILER)) {
      throw new CorruptStateException(file, "no checksum line");
    }
    if (!trailer.substring(TRAILER.length()).equals(crc(body))) {
      throw new CorruptStateException(file, "checksum mismatch");
    }
    return Optional.of(body);
  }

  private static String crc(String text) {
    CRC32C c = new CRC32C();
    c.update(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().toHexDigits((int) c.getValue());
  }

  /** A state file whose content is damaged (not a torn write: those cannot happen here). */
  public static final class CorruptStateException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptStateException(Path file, String reason) {
      super("corrupt state file " + file + ": " + reason);
    }
  }
}
