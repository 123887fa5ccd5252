package io.trestle.consensus.core;

import io.trestle.canonical.v1.CrossChainMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An event the driver feeds to {@link ConsensusEngine#handle}. Every input carries {@code nowMs},
 * the driver's clock in milliseconds (any monotonic origin, never decreasing from one input to the
 * next): it is the engine's only notion of time.
 */
public sealed interface Input {
  /** The driver's monotonic clock when the input is handed over, in milliseconds. */
  long nowMs();

  /**
   * The first input after construction or restart. {@code restored} is the last {@link
   * Action.PersistSafety} record the driver saved, or empty on a fresh start; the committed log is
   * read through the engine's {@link CommittedLog} port. Any other input before {@code Start} is
   * ignored.
   */
  record Start(long nowMs, Optional<SafetyRecord> restored) implements Input {
    public Start {
      Objects.requireNonNull(restored, "restored");
    }
  }

  /**
   * A message from peer {@code from}, whom the transport authenticated. The content is unverified.
   */
  record MessageReceived(long nowMs, PeerId from, EngineMessage message) implements Input {
    public MessageReceived {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A timer set by {@link Action.ScheduleTimer} is due. Only the latest schedule of each {@code
   * timerId} fires; the engine also ignores stale timers itself.
   */
  record TimerFired(long nowMs, long timerId) implements Input {}

  /**
   * The local watcher confirmed new observations; the engine re-asks its {@link ObservationOracle}
   * about a block it was waiting to vote for.
   */
  record ObservationsChanged(long nowMs) implements Input {}

  /**
   * Messages ready to be proposed (observed and confirmed locally). The engine keeps them, in
   * arrival order, until they commit; duplicates (same id) are ignored.
   */
  record PayloadAvailable(long nowMs, List<CrossChainMessage> messages) implements Input {
    public PayloadAvailable {
      messages = List.copyOf(messages);
    }
  }
}
