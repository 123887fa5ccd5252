package io.trestle.relayer.watch;

import java.util.List;

/**
 * Where a watcher reports confirmed messages: the consensus node's observation oracle (its
 * external-validity check), the database. Called from the watcher's thread, in chain order, once
 * per confirmed block range; the watcher advances its durable cursor only after this returns, so
 * after a crash a range may be reported again: implementations deduplicate by message id. An
 * exception leaves the cursor where it was and the range is reported again at the next poll.
 */
@FunctionalInterface
public interface ObservationSink {
  /** Accepts the observations of one block range (possibly none). */
  void accept(long chainId, List<Observation> observations);

  /**
   * The watcher of {@code chainId} halted on a re-org deeper than its confirmation depth: messages
   * it reported may have been orphaned. Called once, from the watcher's thread.
   */
  default void halted(long chainId, String reason) {}
}
