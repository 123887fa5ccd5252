package io.trestle.consensus.epoch;

import io.trestle.consensus.core.ConsensusEngine;
import io.trestle.consensus.core.Terminator;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Builds the engine of a segment over the node's committed log (whose tip is at least {@code
 * segment.firstHeight() - 1}).
 */
@FunctionalInterface
public interface EngineFactory {
  /**
   * @param lastHeight the segment's last height once a rotation fixed it, {@code Long.MAX_VALUE}
   *     before; changes only between two {@code handle} calls. An engine that reads it never
   *     proposes payload above it; the switch drops any commit above it anyway.
   * @return empty when this node is not a member of the segment's committee (it then follows the
   *     segment through handovers only)
   */
  Optional<ConsensusEngine> create(Segment segment, LongSupplier lastHeight, Terminator terminator);
}
