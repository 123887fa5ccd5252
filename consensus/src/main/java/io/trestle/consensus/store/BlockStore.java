package io.trestle.consensus.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.trestle.proto.v1.CommittedBlock;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Committed blocks with their commit QCs, heights 1, 2, 3, … without gaps, in an append-only {@link
 * RecordLog} of {@link CommittedBlock} protobufs. The height → offset index is rebuilt by scanning
 * the file at open; a torn last record (crash during append) is dropped and the block is fetched
 * again from peers by block sync.
 *
 * <p>Not thread-safe for writes (the driver's owner thread appends); {@link #tipHeight} may be read
 * from any thread.
 */
public final class BlockStore implements Closeable {
  /** Largest block record: 16 MiB. */
  public static final int MAX_RECORD = 16 << 20;

  private final RecordLog log;
  private final List<Long> offsets;
  private volatile long tip;
  private final AtomicInteger unsynced = new AtomicInteger();

  private BlockStore(RecordLog log, List<Long> offsets) {
    this.log = log;
    this.offsets = offsets;
    this.tip = offsets.size();
  }

  /**
   * Opens (creating) the store and rebuilds its index.
   *
   * @throws WalCorruptException when a record is damaged, unparsable or out of height order
   */
  public static BlockStore open(Path file, FileOpener opener)
      throws IOException, WalCorruptException {
    RecordLog.Opened o = RecordLog.open(file, MAX_RECORD, opener);
    List<Long> offsets = new ArrayList<>();
    for (int i = 0; i < o.records().size(); i++) {
      long height = heightOf(o.records().get(i), o.offsets().get(i), file);
      if (height != i + 1) {
        o.log().close();
        throw new WalCorruptException(
            file.toString(),
            new WalDamage.Corrupt(
                o.offsets().get(i), "height " + height + " at position " + (i + 1)));
      }
      offsets.add(o.offsets().get(i));
    }
    return new BlockStore(o.log(), offsets);
  }

  private static long heightOf(byte[] record, long offset, Path file) throws WalCorruptException {
    try {
      return CommittedBlock.parseFrom(record).getBlock().getHeader().getHeight();
    } catch (InvalidProtocolBufferException e) {
      throw new WalCorruptException(
          file.toString(), new WalDamage.Corrupt(offset, "not a CommittedBlock"));
    }
  }

  /** Height of the last stored block; 0 when empty. */
  public long tipHeight() {
    return tip;
  }

  /**
   * Appends the next block durably.
   *
   * @throws IllegalArgumentException unless the block's height is {@code tipHeight() + 1}
   */
  public void append(CommittedBlock block) throws IOException {
    appendUnsynced(block);
    sync();
  }

  /**
   * Appends the next block: readable at once ({@link #get}, {@link #tipHeight}), durable after the
   * next {@link #sync}. A crash before it may lose the unsynced tail (a torn or missing record at
   * open); the node then fetches those blocks again by block sync.
   *
   * @throws IllegalArgumentException unless the block's height is {@code tipHeight() + 1}
   */
  public void appendUnsynced(CommittedBlock block) throws IOException {
    long h = block.getBlock().getHeader().getHeight();
    if (h != tip + 1) {
      throw new IllegalArgumentException("expected height " + (tip + 1) + ", got " + h);
    }
    long at = log.append(block.toByteArray());
    offsets.add(at);
    tip = h;
    unsynced.incrementAndGet();
  }

  /** Blocks appended and not yet covered by a finished {@link #sync}. Any thread. */
  public int unsynced() {
    return unsynced.get();
  }

  /**
   * Makes every block appended before the call durable (one fsync; nothing to do when none is
   * pending). May run on another thread than the appending one, concurrently with appends: a block
   * appended during the fsync stays counted as unsynced.
   */
  public void sync() throws IOException {
    int pending = unsynced.get();
    if (pending > 0) {
      log.sync();
      unsynced.addAndGet(-pending);
    }
  }

  /** The block at {@code height}, empty when 0 or above the tip. */
  public Optional<CommittedBlock> get(long height) throws IOException {
    if (height < 1 || height > tip) {
      return Optional.empty();
    }
    byte[] raw = log.read(offsets.get((int) (height - 1)));
    return Optional.of(CommittedBlock.parseFrom(raw));
  }

  @Override
  public void close() throws IOException {
    log.close();
  }
}
