package io.trestle.consensus.core;

import java.util.List;

/**
 * The actions one {@link ConsensusEngine#handle} call produced, in the order the driver must run
 * them.
 *
 * <p><b>Ordering rule.</b> An output holds at most one {@link Action.PersistSafety}, and when it
 * does, it is the first action: no {@link Action.Send} or {@link Action.Broadcast} of the output
 * may leave the node before the driver has durably saved the record. The constructor enforces this.
 */
public record Output(List<Action> actions) {
  public static final Output EMPTY = new Output(List.of());

  public Output {
    actions = List.copyOf(actions);
    for (int i = 1; i < actions.size(); i++) {
      if (actions.get(i) instanceof Action.PersistSafety) {
        throw new IllegalArgumentException("PersistSafety must be the first action, found at " + i);
      }
    }
  }

  public boolean isEmpty() {
    return actions.isEmpty();
  }
}
