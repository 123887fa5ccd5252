package io.trestle.consensus.core;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CommitteeRotation;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.Member;
import io.trestle.verifier.proof.CommitteeRotations;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One epoch's committee with the arithmetic certificates need: member i is signer i; a set of
 * signers is a quorum when its weight is more than 2/3 of the total ({@code 3 * signed > 2 *
 * total}); the leader of view v is member {@code v mod n} (round robin; weights do not change the
 * rotation yet).
 */
public final class CommitteeView {
  private final Committee committee;
  private final long totalWeight;
  private final Hash32 committeeId;

  /**
   * @throws IllegalArgumentException for an empty committee, more than 256 members, a weight that
   *     is not positive or a total weight that could overflow quorum arithmetic
   */
  public CommitteeView(Committee committee) {
    this.committee = committee;
    List<Member> members = committee.members();
    if (members.isEmpty() || members.size() > 256) {
      throw new IllegalArgumentException("committee size must be 1..256, got " + members.size());
    }
    long total = 0;
    for (Member m : members) {
      if (m.weight() <= 0 || m.weight() > (1L << 40)) {
        throw new IllegalArgumentException("member weight out of range: " + m.weight());
      }
      total += m.weight();
    }
    this.totalWeight = total;
    this.committeeId = Hash32.of(committee.committeeId());
  }

  public Committee committee() {
    return committee;
  }

  public long epoch() {
    return committee.epoch();
  }

  public Hash32 committeeId() {
    return committeeId;
  }

  public int size() {
    return committee.members().size();
  }

  public long totalWeight() {
    return totalWeight;
  }

  public long weight(int signer) {
    return committee.members().get(signer).weight();
  }

  public byte[] publicKey(int signer) {
    return committee.members().get(signer).ed25519Key();
  }

  /** True when {@code 3 * signedWeight > 2 * totalWeight}. */
  public boolean isQuorum(long signedWeight) {
    return 3 * signedWeight > 2 * totalWeight;
  }

  /** True when {@code signedWeight} exceeds 1/3 of the total: at least one honest signer. */
  public boolean isValidityQuorum(long signedWeight) {
    return 3 * signedWeight > totalWeight;
  }

  public boolean isMember(int index) {
    return index >= 0 && index < size();
  }

  /** Round-robin leader of {@code view}. */
  public int leader(long view) {
    return (int) Long.remainderUnsigned(view, size());
  }

  /** Signer index of the member with this Ed25519 key, or -1. */
  public int indexOf(byte[] publicKey) {
    List<Member> members = committee.members();
    for (int i = 0; i < members.size(); i++) {
      if (Arrays.equals(members.get(i).ed25519Key(), publicKey)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The valid rotation to the next committee that {@code m}, committed in a block at {@code height}
   * of this committee's epoch, carries, if any: {@code m} follows the verifier's rotation
   * convention exactly ({@link CommitteeRotations#carries}), the next committee has this id and the
   * next epoch, is well formed, and activates above {@code height}.
   */
  public Optional<CommitteeRotation> rotationIn(CrossChainMessage m, long height) {
    if (m.sourceChainId() != 0) {
      return Optional.empty(); // the common case: a gateway message
    }
    try {
      CommitteeRotation r = CommitteeRotation.decode(m.payload());
      if (!CommitteeRotations.carries(m, r)
          || r.next().epoch() != epoch() + 1
          || !committeeId().equals(Hash32.of(r.next().committeeId()))
          || r.activationHeight() <= height) {
        return Optional.empty();
      }
      new CommitteeView(r.next());
      return Optional.of(r);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
