package io.trestle.relayer.watch;

/**
 * Where a chain's watcher resumes.
 *
 * @param nextBlock first block not yet processed
 * @param lastHash hash of block nextBlock - 1 as processed, or null before the first range
 * @param haltReason why the watcher halted (a re-org deeper than the confirmation depth), or null;
 *     a halted cursor stays halted across restarts until an operator replaces it
 */
public record Cursor(long nextBlock, String lastHash, String haltReason) {
  /** A cursor that starts at {@code block}. */
  public static Cursor startingAt(long block) {
    return new Cursor(block, null, null);
  }

  /** True if the watcher must not go on. */
  public boolean halted() {
    return haltReason != null;
  }
}
