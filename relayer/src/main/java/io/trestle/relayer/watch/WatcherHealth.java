package io.trestle.relayer.watch;

/**
 * A chain watcher's health, as the actuator reports it.
 *
 * @param chainId chain
 * @param status UP, DEGRADED (the last poll failed on RPC errors) or DOWN (halted)
 * @param head last head block seen
 * @param nextBlock first block not yet processed
 * @param rpcErrors polls that failed on RPC errors since start
 * @param detail the last error or the halt reason, or empty
 */
public record WatcherHealth(
    long chainId, Status status, long head, long nextBlock, long rpcErrors, String detail) {
  /** Health states. */
  public enum Status {
    UP,
    DEGRADED,
    DOWN
  }

  /** Blocks between the head and the cursor. */
  public long lag() {
    return Math.max(0, head - nextBlock + 1);
  }
}
