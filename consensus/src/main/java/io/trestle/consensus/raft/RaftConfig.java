package io.trestle.consensus.raft;

import java.util.Objects;

/**
 * Tuning of a {@link RaftEngine}. Times are in the driver's milliseconds.
 *
 * <p><b>Election timeouts without randomness</b> (§5.2 asks for randomized timeouts so that split
 * votes are rare): the timeout for term {@code t} at member {@code i} is {@code electionTimeoutMs +
 * mix(jitterSeed, i, t) mod electionTimeoutMs}, a SplitMix64 hash. It is spread like a random draw
 * in {@code [T, 2T)}, differs between members and from one term to the next (so two members that
 * collided once rarely collide again), and is reproducible: the same seed replays the same run.
 * Production drivers pass a seed drawn once at start; the simulator derives it from its seed.
 *
 * @param electionTimeoutMs base election timeout T (> heartbeat)
 * @param heartbeatMs interval of the leader's AppendEntries heartbeats and retransmissions
 * @param maxBatch most messages per block
 * @param maxInflight most uncommitted blocks the leader appends ahead of its commit index
 * @param maxEntriesPerAppend most blocks per AppendEntries
 * @param jitterSeed seed of the election timeout spread
 * @param dedupBlocks on start, ids of the last {@code dedupBlocks} committed blocks are read back
 *     so a payload committed before a restart is never proposed again
 */
public record RaftConfig(
    long electionTimeoutMs,
    long heartbeatMs,
    int maxBatch,
    int maxInflight,
    int maxEntriesPerAppend,
    long jitterSeed,
    int dedupBlocks) {

  public RaftConfig {
    if (heartbeatMs <= 0 || electionTimeoutMs <= heartbeatMs) {
      throw new IllegalArgumentException("need 0 < heartbeat < election timeout");
    }
    if (maxBatch <= 0 || maxInflight <= 0 || maxEntriesPerAppend <= 0 || dedupBlocks < 0) {
      throw new IllegalArgumentException("batch, inflight and append limits must be positive");
    }
  }

  /** 300 ms election timeout, 50 ms heartbeats, 64 messages per block, 4 blocks in flight. */
  public static RaftConfig defaults(long jitterSeed) {
    return new RaftConfig(300, 50, 64, 4, 16, jitterSeed, 1024);
  }

  /** Election timeout of {@code member} in {@code term}, in {@code [T, 2T)}. */
  public long electionTimeout(int member, long term) {
    long z = jitterSeed + 0x9E3779B97F4A7C15L * (member + 1) + 0xBF58476D1CE4E5B9L * term;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return electionTimeoutMs + Long.remainderUnsigned(z, electionTimeoutMs);
  }

  @Override
  public String toString() {
    return Objects.toString(electionTimeoutMs) + "/" + heartbeatMs + "ms batch " + maxBatch;
  }
}
