package io.trestle.verifier.merkle;

import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Verification side of {@link MerkleTree}: recomputes a root from a message id, its leaf position
 * and its sibling path, without the other leaves. All inputs may be hostile; nothing here throws on
 * them, and the work is bounded by 64 levels whatever {@code leafCount} claims.
 *
 * <p>{@code leafIndex} and {@code leafCount} are unsigned 64-bit values (ABI {@code uint64}).
 */
public final class MerklePaths {
  private MerklePaths() {}

  /**
   * Number of siblings the path of leaf {@code leafIndex} in a tree of {@code leafCount} leaves
   * has, or empty if the position is impossible ({@code leafCount == 0} or {@code leafIndex >=
   * leafCount}, unsigned).
   */
  public static Optional<Integer> siblingCount(long leafIndex, long leafCount) {
    if (leafCount == 0 || Long.compareUnsigned(leafIndex, leafCount) >= 0) {
      return Optional.empty();
    }
    int count = 0;
    long i = leafIndex;
    long n = leafCount;
    while (n != 1) {
      if (!isPromoted(i, n)) {
        count++;
      }
      i >>>= 1;
      n = (n >>> 1) + (n & 1);
    }
    return Optional.of(count);
  }

  /**
   * Recomputes the root from {@code id} (a message id, not its leaf hash), or empty when the path
   * cannot belong to such a tree: impossible position, wrong number of siblings, or a sibling or id
   * that is not 32 bytes.
   */
  public static Optional<byte[]> computeRoot(
      byte[] id, long leafIndex, long leafCount, List<byte[]> siblings) {
    Optional<Integer> expected = siblingCount(leafIndex, leafCount);
    if (expected.isEmpty()
        || siblings == null
        || siblings.size() != expected.get()
        || id == null
        || id.length != MerkleTree.HASH_LENGTH) {
      return Optional.empty();
    }
    for (byte[] s : siblings) {
      if (s == null || s.length != MerkleTree.HASH_LENGTH) {
        return Optional.empty();
      }
    }
    byte[] h = MerkleTree.leafHash(id);
    long i = leafIndex;
    long n = leafCount;
    int next = 0;
    while (n != 1) {
      if (!isPromoted(i, n)) {
        byte[] s = siblings.get(next++);
        h = (i & 1) == 0 ? MerkleTree.nodeHash(h, s) : MerkleTree.nodeHash(s, h);
      }
      i >>>= 1;
      n = (n >>> 1) + (n & 1);
    }
    return Optional.of(h);
  }

  /** Node i of a level of n nodes is promoted iff it is the last node of an odd-sized level. */
  private static boolean isPromoted(long i, long n) {
    return (i & 1) == 0 && i + 1 == n;
  }

  /**
   * True iff the path proves that {@code id} is leaf {@code leafIndex} of the tree {@code root}.
   */
  public static boolean verify(
      byte[] root, byte[] id, long leafIndex, long leafCount, List<byte[]> siblings) {
    Optional<byte[]> computed = computeRoot(id, leafIndex, leafCount, siblings);
    return computed.isPresent()
        && root != null
        && root.length == MerkleTree.HASH_LENGTH
        && MessageDigest.isEqual(computed.get(), root);
  }
}
