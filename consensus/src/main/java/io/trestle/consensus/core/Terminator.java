package io.trestle.consensus.core;

/**
 * Port called once when an engine detects a broken internal invariant (a bug, or corrupted
 * storage): the implementation halts consensus on this node and keeps {@code report} (state dump
 * and the last inputs, enough to replay the run up to the failure). After calling it the engine
 * throws {@link InvariantViolation}.
 */
@FunctionalInterface
public interface Terminator {
  void halt(InvariantViolation report);
}
