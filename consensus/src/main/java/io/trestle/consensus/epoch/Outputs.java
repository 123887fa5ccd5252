package io.trestle.consensus.epoch;

import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Output;
import java.util.ArrayList;
import java.util.List;

/** Joins the outputs of several engine calls made for one input into one {@link Output}. */
final class Outputs {
  private Outputs() {}

  /**
   * Keeps the order of all actions but moves the last {@link Action.PersistSafety} to the front and
   * drops the earlier ones. Safe because a later record of the same engine describes at least as
   * much as an earlier one (records replace each other), so persisting it before every message of
   * the joined output still persists before sending; a record of a newer segment supersedes the
   * older segment's, whose engine is never used again.
   */
  static Output merge(List<Output> outputs) {
    Action.PersistSafety persist = null;
    List<Action> rest = new ArrayList<>();
    for (Output o : outputs) {
      for (Action a : o.actions()) {
        if (a instanceof Action.PersistSafety p) {
          persist = p;
        } else {
          rest.add(a);
        }
      }
    }
    if (persist == null) {
      return rest.isEmpty() ? Output.EMPTY : new Output(rest);
    }
    List<Action> all = new ArrayList<>(rest.size() + 1);
    all.add(persist);
    all.addAll(rest);
    return new Output(all);
  }
}
