package io.trestle.relayer.contracts;

import java.util.ArrayList;
import java.util.List;

/**
 * The canonical {@code trestle.v1.MerklePath}: a leaf's position and its siblings from the leaf
 * level up (none on levels where the node is promoted), as TrestleGateway.execute takes it.
 *
 * @param leafIndex 0-based leaf position (unsigned 64-bit)
 * @param leafCount number of leaves (unsigned 64-bit)
 * @param siblings 32-byte sibling hashes (copied)
 */
public record InclusionPath(long leafIndex, long leafCount, List<byte[]> siblings) {
  /**
   * @throws IllegalArgumentException if a sibling is not 32 bytes
   */
  public InclusionPath {
    List<byte[]> copy = new ArrayList<>(siblings.size());
    for (byte[] s : siblings) {
      Abi.requireLength(s, Abi.WORD, "sibling");
      copy.add(s.clone());
    }
    siblings = List.copyOf(copy);
  }

  /** The tuple's encoding (heads then tail), as embedded in calldata. */
  public byte[] encodeTuple() {
    return Abi.tuple(
        List.of(
            new Abi.Static(Abi.uint64(leafIndex)),
            new Abi.Static(Abi.uint64(leafCount)),
            new Abi.Dynamic(Abi.staticArray(siblings))));
  }

  /** abi.encode(path) exactly as Solidity produces it. */
  public byte[] encode() {
    return Abi.concat(Abi.uint(Abi.WORD), encodeTuple());
  }
}
