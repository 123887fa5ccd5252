package io.trestle.verifier.merkle;

import io.trestle.abi.runtime.Keccak256;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary keccak-256 Merkle tree over 32-byte message ids that a block header's {@code
 * payloadRoot} commits to (specification: verifier/README.md, "Merkle tree").
 *
 * <ul>
 *   <li>leaf = keccak256(0x00 ‖ id); inner node = keccak256(0x01 ‖ left ‖ right);
 *   <li>a level with an odd number of nodes promotes its last node unchanged to the next level;
 *   <li>the root of zero ids is 32 zero bytes; the root of one id is its leaf hash.
 * </ul>
 *
 * <p>Immutable and thread-safe once built; building hashes every node once (n - 1 inner nodes).
 */
public final class MerkleTree {
  /** Length of a message id, a node and a root, in bytes. */
  public static final int HASH_LENGTH = 32;

  private static final byte[] EMPTY_ROOT = new byte[HASH_LENGTH];

  /** levels.get(0) = leaf hashes, last level = the root alone (absent when there are no leaves). */
  private final List<byte[][]> levels;

  private MerkleTree(List<byte[][]> levels) {
    this.levels = levels;
  }

  /**
   * Builds the tree over {@code ids}, in leaf order.
   *
   * @throws IllegalArgumentException if an id is not 32 bytes
   */
  public static MerkleTree of(List<byte[]> ids) {
    List<byte[][]> levels = new ArrayList<>();
    if (ids.isEmpty()) {
      return new MerkleTree(levels);
    }
    byte[][] level = new byte[ids.size()][];
    for (int i = 0; i < level.length; i++) {
      level[i] = leafHash(ids.get(i));
    }
    levels.add(level);
    while (level.length > 1) {
      byte[][] next = new byte[(level.length + 1) / 2][];
      for (int i = 0; i + 1 < level.length; i += 2) {
        next[i / 2] = nodeHash(level[i], level[i + 1]);
      }
      if ((level.length & 1) == 1) {
        next[next.length - 1] = level[level.length - 1];
      }
      levels.add(next);
      level = next;
    }
    return new MerkleTree(levels);
  }

  /** Number of leaves. */
  public int leafCount() {
    return levels.isEmpty() ? 0 : levels.get(0).length;
  }

  /** The 32-byte root (a fresh copy); 32 zero bytes for an empty tree. */
  public byte[] root() {
    return levels.isEmpty() ? EMPTY_ROOT.clone() : levels.getLast()[0].clone();
  }

  /**
   * The inclusion path of leaf {@code index}: its siblings from the leaf level up, skipping levels
   * where the node is promoted. {@link MerklePaths#computeRoot} turns it back into {@link #root()}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not a leaf position
   */
  public List<byte[]> path(int index) {
    if (index < 0 || index >= leafCount()) {
      throw new IndexOutOfBoundsException("leaf " + index + " of " + leafCount());
    }
    List<byte[]> siblings = new ArrayList<>();
    int i = index;
    for (int l = 0; l + 1 < levels.size(); l++) {
      byte[][] level = levels.get(l);
      int sibling = i ^ 1;
      if (sibling < level.length) {
        siblings.add(level[sibling].clone());
      }
      i >>>= 1;
    }
    return List.copyOf(siblings);
  }

  /** Returns keccak256(0x00 ‖ id). @throws IllegalArgumentException if id is not 32 bytes */
  public static byte[] leafHash(byte[] id) {
    requireHash(id, "message id");
    return new Keccak256().update(0x00).update(id).digest();
  }

  /**
   * Returns keccak256(0x01 ‖ left ‖ right).
   *
   * @throws IllegalArgumentException if a child is not 32 bytes
   */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    requireHash(left, "left child");
    requireHash(right, "right child");
    return new Keccak256().update(0x01).update(left).update(right).digest();
  }

  static void requireHash(byte[] b, String what) {
    if (b == null || b.length != HASH_LENGTH) {
      throw new IllegalArgumentException(
          what + " must be " + HASH_LENGTH + " bytes, got " + (b == null ? "null" : b.length));
    }
  }
}
