package io.trestle.relayer.deliver;

import io.trestle.relayer.contracts.Attestation;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.contracts.InclusionPath;
import io.trestle.verifier.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of one committed block bound for one destination chain, in block order, with their
 * Merkle tree (verifier's {@link MerkleTree}: the same tree the gateway checks paths against).
 */
public final class Batch {
  private final long destChainId;
  private final long epoch;
  private final long height;
  private final List<GatewayMessage> messages;
  private final List<byte[]> ids;
  private final MerkleTree tree;

  /**
   * @throws IllegalArgumentException if empty or a message is bound elsewhere
   */
  public Batch(long destChainId, long epoch, long height, List<GatewayMessage> messages) {
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("empty batch");
    }
    this.destChainId = destChainId;
    this.epoch = epoch;
    this.height = height;
    this.messages = List.copyOf(messages);
    this.ids = new ArrayList<>();
    for (GatewayMessage m : messages) {
      if (m.destChainId() != destChainId) {
        throw new IllegalArgumentException(m + " is not bound for chain " + destChainId);
      }
      ids.add(m.id());
    }
    this.tree = MerkleTree.of(ids);
  }

  public long destChainId() {
    return destChainId;
  }

  public long epoch() {
    return epoch;
  }

  public long height() {
    return height;
  }

  public List<GatewayMessage> messages() {
    return messages;
  }

  /** Id of message i. */
  public byte[] id(int i) {
    return ids.get(i).clone();
  }

  /** The Merkle root over the ids. */
  public byte[] root() {
    return tree.root();
  }

  /** The inclusion path of message i. */
  public InclusionPath path(int i) {
    return new InclusionPath(i, messages.size(), tree.path(i));
  }

  /** The attestation relayers sign for this batch. */
  public Attestation attestation(byte[] committeeId) {
    return new Attestation(committeeId, epoch, height, root(), destChainId);
  }
}
