package io.trestle.consensus.raft;

import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.SafetyRecord;
import java.util.List;

/**
 * Raft's persistent state (figure 2, "Persistent state on all servers"): the current term, the
 * candidate voted for in it, and the log entries above the driver's committed log tip (entries at
 * or below the tip are in the committed log already). Saved before any message that depends on it
 * leaves the node; restarting from it never votes twice in a term (§5.2) and never forgets an entry
 * this node acknowledged (§5.3).
 *
 * @param term the latest term this node has seen
 * @param votedFor signer index voted for in {@code term}, or -1
 * @param entries contiguous blocks, each the parent of the next, lowest height first
 */
public record RaftSafety(long term, int votedFor, List<Block> entries) implements SafetyRecord {
  public RaftSafety {
    entries = List.copyOf(entries);
    if (term < 0 || votedFor < -1) {
      throw new IllegalArgumentException("negative term or vote: " + term + ", " + votedFor);
    }
  }

  /** See {@link RaftSafetyCodec}. */
  @Override
  public byte[] encode() {
    return RaftSafetyCodec.encode(this);
  }

  /**
   * Inverse of {@link #encode()}.
   *
   * @throws IllegalArgumentException on a wrong version, truncated or malformed input
   */
  public static RaftSafety decode(byte[] bytes) {
    return RaftSafetyCodec.decode(bytes);
  }
}
