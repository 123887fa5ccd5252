package io.trestle.consensus.epoch;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CommitteeRotation;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.CommitteeView;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The committee schedule, derived only from committed blocks so every node derives the same one.
 * Same convention as HotStuff's: a rotation is a committed message with {@code sourceChainId == 0}
 * whose payload is the ABI encoding of a {@link CommitteeRotation}; it is valid when {@code
 * next.epoch == epoch + 1}, the committee id is unchanged, the committee is well formed and {@code
 * activationHeight} is above the block carrying it, whatever the engine it names. The first valid
 * rotation of an epoch wins; the epoch then ends with the block at {@code activationHeight - 1}.
 */
final class EpochSchedule {
  private CommitteeView current;
  private long firstHeight;
  private CommitteeRotation pending;
  private final Map<Long, CommitteeView> committees;

  EpochSchedule(Committee genesis) {
    this.current = new CommitteeView(genesis);
    this.firstHeight = 1;
    this.committees = new HashMap<>();
    committees.put(current.epoch(), current);
  }

  private EpochSchedule(EpochSchedule o) {
    current = o.current;
    firstHeight = o.firstHeight;
    pending = o.pending;
    committees = new HashMap<>(o.committees);
  }

  EpochSchedule copy() {
    return new EpochSchedule(this);
  }

  CommitteeView current() {
    return current;
  }

  long firstHeight() {
    return firstHeight;
  }

  /** The committed rotation of the current epoch, if any. */
  Optional<CommitteeRotation> pending() {
    return Optional.ofNullable(pending);
  }

  /** The committee of an epoch already reached. */
  Optional<CommitteeView> committee(long epoch) {
    return Optional.ofNullable(committees.get(epoch));
  }

  /** The valid rotation {@code m} carries in a block at {@code height}, if any. */
  Optional<CommitteeRotation> rotation(CrossChainMessage m, long height) {
    return current.rotationIn(m, height);
  }

  /**
   * Applies the next committed block. Returns the rotation that took effect when this block is the
   * last of its epoch (the schedule has then moved to the next epoch).
   */
  Optional<CommitteeRotation> onCommitted(Block block) {
    if (pending == null) {
      for (CrossChainMessage m : block.messages()) {
        Optional<CommitteeRotation> r = rotation(m, block.height());
        if (r.isPresent()) {
          pending = r.get();
          break;
        }
      }
    }
    if (pending == null || block.height() != pending.activationHeight() - 1) {
      return Optional.empty();
    }
    CommitteeRotation done = pending;
    current = new CommitteeView(done.next());
    committees.put(current.epoch(), current);
    firstHeight = done.activationHeight();
    pending = null;
    return Optional.of(done);
  }
}
