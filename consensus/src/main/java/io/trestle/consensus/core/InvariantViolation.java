package io.trestle.consensus.core;

import java.io.Serial;
import java.util.List;

/**
 * A broken internal invariant of an engine: the what, the engine's state dump and its last inputs
 * (oldest first) so the run can be replayed deterministically up to the failure.
 */
public final class InvariantViolation extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final transient String stateDump;
  private final transient List<Input> lastInputs;

  public InvariantViolation(String what, String stateDump, List<Input> lastInputs) {
    super(what);
    this.stateDump = stateDump;
    this.lastInputs = List.copyOf(lastInputs);
  }

  public String stateDump() {
    return stateDump;
  }

  public List<Input> lastInputs() {
    return lastInputs;
  }
}
