package io.trestle.consensus.store;

/**
 * What {@link RecordLog#open} found wrong in a log file. A {@link TornTail} is the expected result
 * of a crash during an append and is repaired by truncation; {@link Corrupt} means bytes that were
 * once complete have changed (disk fault, tampering) and is never repaired automatically.
 */
public sealed interface WalDamage {
  /** Byte offset of the first damaged record. */
  long offset();

  /**
   * The last record is incomplete or fails its checksum and nothing follows it: a write cut short
   * by a crash. The file was truncated to {@code offset}, dropping {@code droppedBytes}.
   */
  record TornTail(long offset, long droppedBytes) implements WalDamage {}

  /** A record before the end of the file is unreadable; the log cannot be trusted past it. */
  record Corrupt(long offset, String reason) implements WalDamage {}
}
