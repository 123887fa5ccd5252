package io.trestle.verifier.quorum;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.Member;
import io.trestle.verifier.ed25519.Ed25519;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The committee of one epoch, validated once so that certificate checks can trust it: 1 to 256
 * members, each with a valid Ed25519 public key ({@link Ed25519#isValidPublicKey}: canonical
 * encoding, not of small order) and a non-zero weight, no key twice, and a 32-byte committee id.
 * Member {@code i} is signer {@code i} of certificate bitmaps.
 *
 * <p>Quorum: a set of members whose weight is more than two thirds of the total, i.e. {@code 3 *
 * signed > 2 * total}, computed exactly (weights are unsigned 64-bit and their sum may exceed 64
 * bits). Immutable and thread-safe.
 */
public final class CommitteeView {
  /** Largest committee: signer indices fit a {@code uint8}, bitmaps at most 32 bytes. */
  public static final int MAX_MEMBERS = 256;

  private static final BigInteger TWO = BigInteger.TWO;
  private static final BigInteger THREE = BigInteger.valueOf(3);

  private final byte[] committeeId;
  private final long epoch;
  private final List<CommitteeMember> members;
  private final BigInteger totalWeight;

  private CommitteeView(
      byte[] committeeId, long epoch, List<CommitteeMember> members, BigInteger total) {
    this.committeeId = committeeId;
    this.epoch = epoch;
    this.members = members;
    this.totalWeight = total;
  }

  /**
   * Validates and builds the committee of {@code epoch} (unsigned) of deployment {@code
   * committeeId}.
   *
   * @throws InvalidCommitteeException if a rule above is broken
   */
  public static CommitteeView of(byte[] committeeId, long epoch, List<CommitteeMember> members)
      throws InvalidCommitteeException {
    if (committeeId == null || committeeId.length != 32) {
      throw new InvalidCommitteeException("committee id must be 32 bytes");
    }
    if (members == null || members.isEmpty() || members.size() > MAX_MEMBERS) {
      throw new InvalidCommitteeException(
          "a committee has 1 to "
              + MAX_MEMBERS
              + " members, got "
              + (members == null ? 0 : members.size()));
    }
    Set<String> keys = new HashSet<>();
    BigInteger total = BigInteger.ZERO;
    List<CommitteeMember> copy = new ArrayList<>(members.size());
    for (int i = 0; i < members.size(); i++) {
      CommitteeMember m = members.get(i);
      if (m == null) {
        throw new InvalidCommitteeException("member " + i + " is missing");
      }
      byte[] key = m.keyUnsafe();
      if (key == null || key.length != 32 || !Ed25519.isValidPublicKey(key)) {
        throw new InvalidCommitteeException(
            "member "
                + i
                + ": not a valid Ed25519 public key (32 bytes, canonical, not small order)");
      }
      if (m.weight() == 0) {
        throw new InvalidCommitteeException("member " + i + ": weight must be > 0");
      }
      // One char per byte: an exact set key, cheaper to build than hex.
      if (!keys.add(new String(key, StandardCharsets.ISO_8859_1))) {
        throw new InvalidCommitteeException("member " + i + ": duplicate Ed25519 key");
      }
      total = total.add(unsigned(m.weight()));
      copy.add(m);
    }
    return new CommitteeView(committeeId.clone(), epoch, List.copyOf(copy), total);
  }

  /**
   * Validates and builds the view of a canonical {@link Committee} (its EVM addresses, endpoints
   * and engine play no part in certificate checks).
   *
   * @throws InvalidCommitteeException if a rule above is broken
   */
  public static CommitteeView of(Committee committee) throws InvalidCommitteeException {
    List<CommitteeMember> members = new ArrayList<>(committee.members().size());
    for (Member m : committee.members()) {
      members.add(new CommitteeMember(m.ed25519Key(), m.weight()));
    }
    return of(committee.committeeId(), committee.epoch(), members);
  }

  static BigInteger unsigned(long v) {
    return new BigInteger(Long.toUnsignedString(v));
  }

  /** A copy of the 32-byte deployment id. */
  public byte[] committeeId() {
    return committeeId.clone();
  }

  /** True iff {@code id} is this committee's id. */
  public boolean hasId(byte[] id) {
    return id != null && Arrays.equals(committeeId, id);
  }

  /** Epoch number (unsigned). */
  public long epoch() {
    return epoch;
  }

  /** Number of members. */
  public int size() {
    return members.size();
  }

  /** Members in signer-index order (unmodifiable). */
  public List<CommitteeMember> members() {
    return members;
  }

  byte[] keyOf(int signer) {
    return members.get(signer).keyUnsafe();
  }

  /** Sum of all weights. */
  public BigInteger totalWeight() {
    return totalWeight;
  }

  /** True iff {@code signedWeight} is more than two thirds of the total weight. */
  public boolean isQuorum(BigInteger signedWeight) {
    return signedWeight.multiply(THREE).compareTo(totalWeight.multiply(TWO)) > 0;
  }

  /** Sum of the weights of {@code signers} (valid signer indices). */
  public BigInteger weightOf(int[] signers) {
    BigInteger w = BigInteger.ZERO;
    for (int s : signers) {
      w = w.add(unsigned(members.get(s).weight()));
    }
    return w;
  }

  @Override
  public String toString() {
    return "CommitteeView[id="
        + HexFormat.of().formatHex(committeeId)
        + ", epoch="
        + Long.toUnsignedString(epoch)
        + ", members="
        + members.size()
        + ", totalWeight="
        + totalWeight
        + "]";
  }
}
