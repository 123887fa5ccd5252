package io.trestle.consensus.epoch;

import io.trestle.consensus.core.SafetyRecord;
import java.util.Objects;

/**
 * The safety record of the engine running segment {@code segment}. After a restart, it is handed
 * back to the engine of the same segment only; an engine of a later segment starts fresh, which is
 * safe because it persists its own record before it sends anything.
 */
public record EpochSafety(long segment, SafetyRecord inner) implements SafetyRecord {
  public EpochSafety {
    Objects.requireNonNull(inner, "inner");
  }

  /** {@code segment:u64 ‖ inner.encode()}; the segment's engine kind tells how to decode it. */
  @Override
  public byte[] encode() {
    byte[] in = inner.encode();
    return java.nio.ByteBuffer.allocate(8 + in.length).putLong(segment).put(in).array();
  }
}
