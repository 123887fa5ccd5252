package io.trestle.db.model;

/**
 * A message's place in a committed block: its leaf index and protobuf Merkle path, and optionally
 * the message itself (taken from the block) so that a message this node has not observed yet is
 * still recorded when the committee commits it.
 *
 * @param message the message's fields, or null when only already-known messages are to be updated
 */
public record CommittedLeaf(
    byte[] messageId, int leafIndex, byte[] merklePath, NewMessage message) {

  /** A leaf of a message the node already stored (no message content). */
  public CommittedLeaf(byte[] messageId, int leafIndex, byte[] merklePath) {
    this(messageId, leafIndex, merklePath, null);
  }
}
