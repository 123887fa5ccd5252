package io.trestle.consensus.net;

import io.trestle.proto.v1.Envelope;

/**
 * The consensus node's view of the network: point-to-point and broadcast delivery of {@link
 * Envelope}s between the members of a committee, identified by signer index.
 *
 * <p>Contract, checked by {@code TransportContract} for every implementation:
 *
 * <ul>
 *   <li>{@link #send} and {@link #broadcast} never block on a peer: a slow or dead peer's bounded
 *       queue drops (and counts) instead, and delivery to the other peers proceeds;
 *   <li>delivery is at most once and, per ordered pair of peers, in order (FIFO) while a connection
 *       lasts; messages may be lost across a reconnect;
 *   <li>the inbound handler learns the authenticated sender index; it is called from transport
 *       threads and must not block (hand off to the driver's inbox);
 *   <li>{@link #broadcast} sends to every member but this one.
 * </ul>
 */
public interface Transport extends AutoCloseable {

  /** Receives envelopes from authenticated peers. */
  @FunctionalInterface
  interface InboundHandler {
    /**
     * @param from signer index of the sender, authenticated by the transport
     * @param message the envelope as received (not validated beyond parsing)
     */
    void onMessage(int from, Envelope message);
  }

  /** This node's signer index. */
  int self();

  /** Number of committee members, including this node. */
  int size();

  /** Starts listening and connecting; inbound envelopes go to {@code handler}. Call once. */
  void start(InboundHandler handler);

  /**
   * Queues {@code message} for {@code peer}; returns at once.
   *
   * @throws IllegalArgumentException if {@code peer} is not another member's index
   */
  void send(int peer, Envelope message);

  /** Queues {@code message} for every other member; returns at once. */
  void broadcast(Envelope message);

  /** Stops listening, closes connections and drops queued messages. Idempotent. */
  @Override
  void close();
}
