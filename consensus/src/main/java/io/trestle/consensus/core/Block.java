package io.trestle.consensus.core;

import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.TimeoutCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A block as proposed and stored (mirrors {@code trestle.v1.Block}): the signed header, the batch
 * of messages in Merkle-leaf order, the QC of the parent ({@code justify.data().view() ==
 * header.justifyView()}) and, after a timed-out view, the TC that let the proposer move on.
 *
 * <p>An immutable value (a class rather than a record only to cache the Keccak-256 hashes of the
 * header and of each message, which every replica needs several times). Equality is by block hash.
 * It does not check consistency between its parts; engines validate received blocks before use.
 */
public final class Block {
  private final BlockHeader header;
  private final List<CrossChainMessage> messages;
  private final QuorumCertificate justify;
  private final Optional<TimeoutCertificate> timeoutCertificate;
  private Hash32 hash;
  private List<Hash32> messageIds;

  public Block(
      BlockHeader header,
      List<CrossChainMessage> messages,
      QuorumCertificate justify,
      Optional<TimeoutCertificate> timeoutCertificate) {
    this.header = Objects.requireNonNull(header, "header");
    this.messages = List.copyOf(messages);
    this.justify = Objects.requireNonNull(justify, "justify");
    this.timeoutCertificate = Objects.requireNonNull(timeoutCertificate, "timeoutCertificate");
  }

  public BlockHeader header() {
    return header;
  }

  public List<CrossChainMessage> messages() {
    return messages;
  }

  public QuorumCertificate justify() {
    return justify;
  }

  public Optional<TimeoutCertificate> timeoutCertificate() {
    return timeoutCertificate;
  }

  /** hash(header): the block hash votes sign (computed once). */
  public Hash32 hash() {
    Hash32 h = hash;
    if (h == null) {
      h = Hash32.of(header.hash());
      hash = h;
    }
    return h;
  }

  /** hash(message) of each message, in order (computed once). */
  public List<Hash32> messageIds() {
    List<Hash32> ids = messageIds;
    if (ids == null) {
      List<Hash32> list = new ArrayList<>(messages.size());
      for (CrossChainMessage m : messages) {
        list.add(Hash32.of(m.hash()));
      }
      ids = List.copyOf(list);
      messageIds = ids;
    }
    return ids;
  }

  /**
   * Same as {@link #messageIds()}, but a message {@code known} has seen with identical content
   * (typically: observed locally before the proposal arrived) is not hashed again.
   */
  public List<Hash32> messageIds(MessageIds known) {
    List<Hash32> ids = messageIds;
    if (ids == null) {
      List<Hash32> list = new ArrayList<>(messages.size());
      for (CrossChainMessage m : messages) {
        list.add(known.idOf(m));
      }
      ids = List.copyOf(list);
      messageIds = ids;
    }
    return ids;
  }

  public long height() {
    return header.height();
  }

  public long view() {
    return header.view();
  }

  public Hash32 parentHash() {
    return Hash32.of(header.parentHash());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Block b && hash().equals(b.hash());
  }

  @Override
  public int hashCode() {
    return hash().hashCode();
  }

  @Override
  public String toString() {
    return "Block[h" + height() + " v" + view() + " " + hash().shortHex() + "]";
  }
}
