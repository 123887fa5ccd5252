package io.trestle.consensus.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * An append-only file of records, each {@code crc32c | length | payload}: a 4-byte big-endian
 * CRC-32C (RFC 3720 §B.4, {@link CRC32C}) of the length and payload, a 4-byte big-endian payload
 * length, then the payload. Payloads are at most {@code maxRecord} bytes.
 *
 * <p>Opening scans the file: a damaged last record (short, or checksum mismatch, and nothing after
 * it) is a torn tail and is truncated away; any other damage throws {@link WalCorruptException}.
 * After an I/O error on append or sync the log refuses further use: the caller must reopen it (that
 * is, restart), as the file's durable content is then unknown.
 *
 * <p>Not thread-safe: one owner thread.
 */
public final class RecordLog implements Closeable {
  static final int HEADER = 8;

  /** The records found by {@link #open}, with their offsets, and the repair done, if any. */
  public record Opened(
      RecordLog log,
      List<byte[]> records,
      List<Long> offsets,
      Optional<WalDamage.TornTail> repaired) {}

  private final Path path;
  private final FileChannel channel;
  private final int maxRecord;
  private long size;
  private volatile boolean failed;

  private RecordLog(Path path, FileChannel channel, int maxRecord, long size) {
    this.path = path;
    this.channel = channel;
    this.maxRecord = maxRecord;
    this.size = size;
  }

  /**
   * Opens (creating if absent) and scans {@code path}.
   *
   * @throws WalCorruptException when a record other than the last is damaged
   */
  public static Opened open(Path path, int maxRecord, FileOpener opener)
      throws IOException, WalCorruptException {
    FileChannel ch = opener.open(path);
    try {
      long fileSize = ch.size();
      List<byte[]> records = new ArrayList<>();
      List<Long> offsets = new ArrayList<>();
      long pos = 0;
      ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.BIG_ENDIAN);
      Optional<WalDamage.TornTail> torn = Optional.empty();
      while (pos < fileSize) {
        long remaining = fileSize - pos;
        if (remaining < HEADER) {
          torn = Optional.of(new WalDamage.TornTail(pos, remaining));
          break;
        }
        header.clear();
        readFully(ch, header, pos);
        int crc = header.getInt(0);
        int len = header.getInt(4);
        boolean reachesEnd = len < 0 || remaining - HEADER <= Integer.toUnsignedLong(len);
        String problem = null;
        byte[] payload = null;
        if (len < 0 || len > maxRecord) {
          problem = "record length " + Integer.toUnsignedLong(len) + " over cap " + maxRecord;
        } else if (remaining - HEADER < len) {
          problem = "record extends past the end of the file";
        } else {
          ByteBuffer body = ByteBuffer.allocate(len);
          readFully(ch, body, pos + HEADER);
          payload = body.array();
          if (crc(len, payload) != crc) {
            problem = "checksum mismatch";
          }
        }
        if (problem != null) {
          if (reachesEnd || zeroFrom(ch, pos, fileSize)) {
            torn = Optional.of(new WalDamage.TornTail(pos, remaining));
            break;
          }
          throw new WalCorruptException(path.toString(), new WalDamage.Corrupt(pos, problem));
        }
        records.add(payload);
        offsets.add(pos);
        pos += HEADER + len;
      }
      if (torn.isPresent()) {
        ch.truncate(pos);
        ch.force(true);
      }
      return new Opened(new RecordLog(path, ch, maxRecord, pos), records, offsets, torn);
    } catch (IOException | WalCorruptException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * True when every byte in [from, to) is zero: space a file system allocated but a crash left
   * unwritten.
   */
  private static boolean zeroFrom(FileChannel ch, long from, long to) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8192);
    for (long p = from; p < to; ) {
      b.clear().limit((int) Math.min(b.capacity(), to - p));
      readFully(ch, b, p);
      for (int i = 0; i < b.limit(); i++) {
        if (b.get(i) != 0) {
          return false;
        }
      }
      p += b.limit();
    }
    return true;
  }

  private static void readFully(FileChannel ch, ByteBuffer dst, long pos) throws IOException {
    while (dst.hasRemaining()) {
      int n = ch.read(dst, pos + dst.position());
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  static int crc(int len, byte[] payload) {
    CRC32C c = new CRC32C();
    c.update(ByteBuffer.allocate(4).putInt(0, len));
    c.update(payload);
    return (int) c.getValue();
  }

  /** The file's frame of {@code payload}: header and payload in one buffer. */
  static ByteBuffer frame(byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
    b.putInt(crc(payload.length, payload)).putInt(payload.length).put(payload).flip();
    return b;
  }

  /**
   * Writes one record at the end (not yet durable: see {@link #sync}); returns its offset.
   *
   * @throws IllegalArgumentException when the payload is over the cap
   */
  public long append(byte[] payload) throws IOException {
    checkUsable();
    if (payload.length > maxRecord) {
      throw new IllegalArgumentException(
          "record of " + payload.length + " bytes over the cap " + maxRecord);
    }
    long at = size;
    ByteBuffer b = frame(payload);
    try {
      while (b.hasRemaining()) {
        channel.write(b, size + b.position());
      }
    } catch (IOException e) {
      failed = true;
      throw e;
    }
    size += b.limit();
    return at;
  }

  /** Makes every appended record durable (fsync of data, {@link FileChannel#force}). */
  public void sync() throws IOException {
    checkUsable();
    try {
      channel.force(false);
    } catch (IOException e) {
      failed = true;
      throw e;
    }
  }

  /** Reads the payload of the record at {@code offset} (as returned by append or open). */
  public byte[] read(long offset) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    readFully(channel, header, offset);
    int len = header.getInt(4);
    if (len < 0 || len > maxRecord || offset + HEADER + len > size) {
      throw new IOException("no record at offset " + offset);
    }
    ByteBuffer body = ByteBuffer.allocate(len);
    readFully(channel, body, offset + HEADER);
    return body.array();
  }

  public long size() {
    return size;
  }

  public Path path() {
    return path;
  }

  private void checkUsable() throws IOException {
    if (failed) {
      throw new IOException(path + ": an earlier write failed; reopen the log");
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
