package io.trestle.consensus.hotstuff;

import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.Hash32;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The blocks a replica holds above its last committed block (the root). Blocks are added only when
 * their parent is present, so every block links to the root or to a block that did. Pruned on each
 * commit to the new root's descendants by height.
 */
final class BlockTree {
  private final Map<Hash32, Block> blocks = new HashMap<>();
  private Block root;
  private Hash32 rootHash;

  BlockTree(Block root) {
    resetTo(root);
  }

  Block root() {
    return root;
  }

  Hash32 rootHash() {
    return rootHash;
  }

  boolean contains(Hash32 hash) {
    return blocks.containsKey(hash);
  }

  Optional<Block> get(Hash32 hash) {
    return Optional.ofNullable(blocks.get(hash));
  }

  /** Adds a block whose parent is present; returns false (and adds nothing) otherwise. */
  boolean add(Hash32 hash, Block block) {
    if (blocks.containsKey(hash)) {
      return true;
    }
    if (block.height() <= root.height() || !blocks.containsKey(block.parentHash())) {
      return false;
    }
    blocks.put(hash, block);
    return true;
  }

  /**
   * The blocks from just above the root up to {@code target}, lowest first (an empty list when
   * {@code target} is the root); empty when {@code target} is not held or does not descend from the
   * root.
   */
  Optional<List<Block>> pathFromRoot(Hash32 target) {
    List<Block> path = new ArrayList<>();
    Hash32 h = target;
    while (!h.equals(rootHash)) {
      Block b = blocks.get(h);
      if (b == null || b.height() <= root.height()) {
        return Optional.empty();
      }
      path.add(b);
      h = b.parentHash();
    }
    Collections.reverse(path);
    return Optional.of(path);
  }

  /**
   * Makes {@code newRoot} (a held descendant of the root) the root and drops blocks at or below it.
   */
  void commitTo(Hash32 newRootHash, Block newRoot) {
    root = newRoot;
    rootHash = newRootHash;
    blocks.values().removeIf(b -> b.height() <= newRoot.height());
    blocks.put(newRootHash, newRoot);
  }

  /** Forgets everything but {@code newRoot}. */
  void resetTo(Block newRoot) {
    blocks.clear();
    root = newRoot;
    rootHash = newRoot.hash();
    blocks.put(rootHash, newRoot);
  }

  int size() {
    return blocks.size();
  }
}
