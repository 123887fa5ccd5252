package io.trestle.consensus.raft;

import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.CommittedLog;
import io.trestle.consensus.core.Hash32;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Raft log: blocks at heights {@code base+1 .. lastIndex} in memory, and below, the driver's
 * {@link CommittedLog} (whose tip is {@code base} once pruned). The index of an entry is its block
 * height and its term is its {@code header.view}. Every entry is the parent of the next (checked on
 * append), which strengthens the Log Matching Property (§5.3): equal (index, term) implies equal
 * hash and equal prefixes.
 */
final class RaftLog {
  private final CommittedLog committed;
  private long base;
  private Hash32 baseHash;
  private long baseTerm;
  private final List<Block> entries = new ArrayList<>();
  private final List<Hash32> hashes = new ArrayList<>();

  /** An empty log above the committed tip. */
  RaftLog(CommittedLog committed) {
    this.committed = committed;
    resetBase(committed.tipHeight());
  }

  private void resetBase(long height) {
    Block b =
        committed
            .block(height)
            .orElseThrow(() -> new IllegalStateException("committed log lacks height " + height));
    base = height;
    baseHash = b.hash();
    baseTerm = b.view();
  }

  long base() {
    return base;
  }

  long lastIndex() {
    return base + entries.size();
  }

  long lastTerm() {
    return entries.isEmpty() ? baseTerm : entries.getLast().view();
  }

  Hash32 lastHash() {
    return entries.isEmpty() ? baseHash : hashes.getLast();
  }

  /** The entry at {@code index} (from the committed log at or below base), empty when unknown. */
  Optional<Block> entry(long index) {
    if (index > base && index <= lastIndex()) {
      return Optional.of(entries.get((int) (index - base - 1)));
    }
    return index <= base ? committed.block(index) : Optional.empty();
  }

  /** Term of the entry at {@code index}, or -1 when there is none. */
  long termAt(long index) {
    if (index == base) {
      return baseTerm;
    }
    return entry(index).map(Block::view).orElse(-1L);
  }

  /** Hash of the entry at {@code index} above or at base; empty otherwise. */
  Optional<Hash32> hashAt(long index) {
    if (index == base) {
      return Optional.of(baseHash);
    }
    if (index > base && index <= lastIndex()) {
      return Optional.of(hashes.get((int) (index - base - 1)));
    }
    return entry(index).map(Block::hash);
  }

  /**
   * Appends {@code block} at {@code lastIndex + 1}.
   *
   * @return false (log unchanged) when the block's height or parent hash does not extend the log
   */
  boolean append(Block block) {
    if (block.height() != lastIndex() + 1 || !block.parentHash().equals(lastHash())) {
      return false;
    }
    entries.add(block);
    hashes.add(block.hash());
    return true;
  }

  /** Removes the entries at {@code index} and above ({@code index > base}). */
  void truncateFrom(long index) {
    if (index <= base) {
      throw new IllegalArgumentException("cannot truncate committed entries at " + index);
    }
    while (lastIndex() >= index) {
      entries.removeLast();
      hashes.removeLast();
    }
  }

  /** Forgets entries at or below {@code height}, which the committed log now holds. */
  void pruneTo(long height) {
    if (height <= base) {
      return;
    }
    long drop = Math.min(height, lastIndex()) - base;
    entries.subList(0, (int) drop).clear();
    hashes.subList(0, (int) drop).clear();
    resetBase(base + drop);
  }

  /** Entries from {@code from} (above base) to {@code to}, inclusive, clamped to the log. */
  List<Block> slice(long from, long to) {
    List<Block> out = new ArrayList<>();
    for (long i = Math.max(from, 1); i <= Math.min(to, lastIndex()); i++) {
      Optional<Block> e = entry(i);
      if (e.isEmpty()) {
        break;
      }
      out.add(e.get());
    }
    return out;
  }

  /** The in-memory entries (above base), for the safety record. */
  List<Block> uncommittedEntries() {
    return List.copyOf(entries);
  }
}
