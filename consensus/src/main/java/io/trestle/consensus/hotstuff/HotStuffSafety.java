package io.trestle.consensus.hotstuff;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.SafetyRecord;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * HotStuff's safety state (DiemBFT v4 "safety rules" / Jolteon §4): the highest view this replica
 * voted or timed out in, and the highest QC it has seen (its lock: timeouts report it, and a
 * proposal after a TC must extend a QC at least as high as the TC's highest). Restarting from it
 * never double-votes.
 *
 * @param lastVotedView no vote is ever signed in a view at or below it
 * @param highQc the highest QC seen; its view only grows
 */
public record HotStuffSafety(long lastVotedView, QuorumCertificate highQc) implements SafetyRecord {
  private static final int VERSION = 1;

  public HotStuffSafety {
    Objects.requireNonNull(highQc, "highQc");
  }

  /** version (4 bytes) ‖ lastVotedView (8) ‖ ABI encoding of highQc. */
  @Override
  public byte[] encode() {
    byte[] qc = highQc.encode();
    return ByteBuffer.allocate(12 + qc.length)
        .putInt(VERSION)
        .putLong(lastVotedView)
        .put(qc)
        .array();
  }

  /**
   * Inverse of {@link #encode()}.
   *
   * @throws IllegalArgumentException on a wrong version, truncated or malformed input
   */
  public static HotStuffSafety decode(byte[] bytes) {
    if (bytes.length < 12) {
      throw new IllegalArgumentException("safety record truncated: " + bytes.length + " bytes");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int version = buf.getInt();
    if (version != VERSION) {
      throw new IllegalArgumentException("unknown safety record version " + version);
    }
    long lastVoted = buf.getLong();
    byte[] qc = new byte[buf.remaining()];
    buf.get(qc);
    try {
      return new HotStuffSafety(lastVoted, QuorumCertificate.decode(qc));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed high QC in safety record", e);
    }
  }
}
