package io.trestle.verifier.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

  /** Independent reference: BouncyCastle Keccak and explicit concatenation, level by level. */
  static byte[] referenceRoot(List<byte[]> ids) {
    if (ids.isEmpty()) {
      return new byte[32];
    }
    List<byte[]> level = new ArrayList<>();
    for (byte[] id : ids) {
      level.add(bcKeccak(concat(new byte[] {0}, id)));
    }
    while (level.size() > 1) {
      List<byte[]> next = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        next.add(
            i + 1 < level.size()
                ? bcKeccak(concat(new byte[] {1}, level.get(i), level.get(i + 1)))
                : level.get(i));
      }
      level = next;
    }
    return level.get(0);
  }

  static byte[] bcKeccak(byte[] in) {
    KeccakDigest d = new KeccakDigest(256);
    d.update(in, 0, in.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }

  static List<byte[]> randomIds(SplittableRandom rnd, int n) {
    List<byte[]> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] id = new byte[32];
      rnd.nextBytes(id);
      ids.add(id);
    }
    return ids;
  }

  @Test
  void emptyTreeRootIsZero() {
    MerkleTree t = MerkleTree.of(List.of());
    assertArrayEquals(new byte[32], t.root());
    assertEquals(0, t.leafCount());
    assertThrows(IndexOutOfBoundsException.class, () -> t.path(0));
    assertFalse(MerklePaths.verify(new byte[32], new byte[32], 0, 0, List.of()));
  }

  @Test
  void rootsMatchReferenceAndEveryPathVerifies() {
    SplittableRandom rnd = new SplittableRandom(2026);
    for (int n = 1; n <= 70; n++) {
      List<byte[]> ids = randomIds(rnd, n);
      MerkleTree t = MerkleTree.of(ids);
      byte[] root = t.root();
      assertArrayEquals(referenceRoot(ids), root, "n=" + n);
      for (int i = 0; i < n; i++) {
        List<byte[]> path = t.path(i);
        assertEquals(MerklePaths.siblingCount(i, n), Optional.of(path.size()));
        assertTrue(MerklePaths.verify(root, ids.get(i), i, n, path), "n=" + n + " i=" + i);
        if (n > 1) {
          // Another leaf's id, a neighbouring index or a wrong count must all fail.
          assertFalse(MerklePaths.verify(root, ids.get((i + 1) % n), i, n, path));
          assertFalse(MerklePaths.verify(root, ids.get(i), (i + 1) % n, n, path));
        }
      }
    }
  }

  @Test
  void everyFlippedBitOfAPathFails() {
    List<byte[]> ids = randomIds(new SplittableRandom(5), 13);
    MerkleTree t = MerkleTree.of(ids);
    List<byte[]> path = t.path(6);
    for (int s = 0; s < path.size(); s++) {
      for (int bit = 0; bit < 256; bit += 7) {
        List<byte[]> bad = new ArrayList<>(path);
        byte[] sib = path.get(s).clone();
        sib[bit / 8] ^= (byte) (1 << (bit % 8));
        bad.set(s, sib);
        assertFalse(MerklePaths.verify(t.root(), ids.get(6), 6, 13, bad));
      }
    }
  }

  @Test
  void leafAndNodeAreDomainSeparated() {
    // A 64-byte "id" made of two nodes cannot pose as a leaf: ids must be 32 bytes, and the
    // node prefix 0x01 differs from the leaf prefix 0x00.
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    b[0] = 1;
    assertFalse(
        java.util.Arrays.equals(MerkleTree.nodeHash(a, b), bcKeccak(concat(new byte[] {0}, a, b))));
    assertThrows(IllegalArgumentException.class, () -> MerkleTree.leafHash(new byte[64]));
    assertThrows(IllegalArgumentException.class, () -> MerkleTree.of(List.of(new byte[31])));
  }

  @Test
  void hostilePathInputsAreRejectedWithoutThrowing() {
    byte[] id = new byte[32];
    assertTrue(MerklePaths.computeRoot(id, 0, 1, List.of()).isPresent());
    assertTrue(MerklePaths.computeRoot(id, 1, 1, List.of()).isEmpty());
    assertTrue(MerklePaths.computeRoot(id, -1, 5, List.of()).isEmpty()); // 2^64-1 >= 5 unsigned
    assertTrue(MerklePaths.computeRoot(id, 0, 2, List.of()).isEmpty()); // missing sibling
    assertTrue(MerklePaths.computeRoot(id, 0, 2, List.of(new byte[31])).isEmpty());
    assertTrue(MerklePaths.computeRoot(id, 0, 1, List.of(new byte[32])).isEmpty()); // extra
    assertTrue(MerklePaths.computeRoot(new byte[33], 0, 1, List.of()).isEmpty());
    assertFalse(MerklePaths.verify(new byte[31], id, 0, 1, List.of()));
    // A huge claimed tree (2^64 - 1 leaves, unsigned) is bounded by 64 levels.
    assertEquals(Optional.of(64), MerklePaths.siblingCount(0, -1L));
    // Leaf 2^64-2 is promoted once (last of an odd level), then paired at every level above.
    assertEquals(Optional.of(63), MerklePaths.siblingCount(-2L, -1L));
    assertEquals(Optional.of(1), MerklePaths.siblingCount(4, 5));
    List<byte[]> sixtyFour = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      sixtyFour.add(new byte[32]);
    }
    assertTrue(MerklePaths.computeRoot(id, 0, -1L, sixtyFour).isPresent());
  }

  @Test
  void leafCountIsNotBoundByTheRootAlone() {
    // Leaf 0 of 3 and leaf 0 of 4 have paths of the same shape: the root does not commit to the
    // leaf count, so MessageProof verification binds leafCount to header.messageCount.
    List<byte[]> ids = randomIds(new SplittableRandom(3), 3);
    MerkleTree t = MerkleTree.of(ids);
    assertTrue(MerklePaths.verify(t.root(), ids.get(0), 0, 4, t.path(0)));
  }

  @Test
  void promotedLevelsContributeNoSibling() {
    // n = 5: leaf 4 is promoted twice (levels of 5 and 3 nodes), then paired with the root of 0..3.
    List<byte[]> ids = randomIds(new SplittableRandom(9), 5);
    MerkleTree t = MerkleTree.of(ids);
    List<byte[]> path = t.path(4);
    assertEquals(1, path.size());
    MerkleTree firstFour = MerkleTree.of(ids.subList(0, 4));
    assertArrayEquals(firstFour.root(), path.get(0));
  }
}
