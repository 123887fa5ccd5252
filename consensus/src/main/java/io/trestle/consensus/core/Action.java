package io.trestle.consensus.core;

import io.trestle.canonical.v1.QuorumCertificate;
import java.util.Objects;

/**
 * What the engine asks its driver to do. Actions of one {@link Output} are executed in list order;
 * see {@link Output} for the ordering rule.
 */
public sealed interface Action {

  /**
   * Save {@code record} durably (write and fsync) before executing any later action of the same
   * output. Replaces the previously saved record.
   */
  record PersistSafety(SafetyRecord record) implements Action {
    public PersistSafety {
      Objects.requireNonNull(record, "record");
    }
  }

  /** Send {@code message} to peer {@code to} (best effort: the engine tolerates loss). */
  record Send(PeerId to, EngineMessage message) implements Action {
    public Send {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Send {@code message} to every peer the driver knows (members of the current and next committee
   * and observers), not to this node itself: the engine has already applied its own copy.
   */
  record Broadcast(EngineMessage message) implements Action {
    public Broadcast {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * {@code block} is final. Commits are emitted in strictly increasing height order without gaps,
   * starting at the height after the {@link CommittedLog}'s tip. {@code proof} is a QC whose {@code
   * data.commitHash} is this block or a descendant (then the block is linked to it by parent
   * hashes, all committed in the same or an earlier output). The driver must append the block to
   * its committed log before the next {@link ConsensusEngine#handle} call returns data from it.
   */
  record Commit(Block block, QuorumCertificate proof) implements Action {
    public Commit {
      Objects.requireNonNull(block, "block");
      Objects.requireNonNull(proof, "proof");
    }
  }

  /**
   * Deliver {@link Input.TimerFired} with {@code timerId} once the driver's clock reaches {@code
   * atMs}. A new schedule of the same id replaces the old one.
   */
  record ScheduleTimer(long timerId, long atMs) implements Action {}
}
