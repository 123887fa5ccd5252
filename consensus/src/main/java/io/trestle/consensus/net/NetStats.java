package io.trestle.consensus.net;

import java.util.concurrent.atomic.LongAdder;

/**
 * Transport counters, incremented on event-loop threads and read by anyone (monitoring, tests).
 * Each counts events since the transport was created.
 */
public final class NetStats {
  /** Frames longer than the cap: dropped before allocation, connection closed. */
  public final LongAdder oversizedFrames = new LongAdder();

  /** Frames whose bytes are not a valid Envelope: dropped, connection kept. */
  public final LongAdder malformedFrames = new LongAdder();

  /** Peers refused at the TLS handshake (key not in the committee, bad certificate). */
  public final LongAdder refusedPeers = new LongAdder();

  /** Outbound messages dropped because a peer's queue was full. */
  public final LongAdder droppedOutbound = new LongAdder();

  /** Envelopes received from authenticated peers and handed to the inbound handler. */
  public final LongAdder received = new LongAdder();

  /** Envelopes written to a socket. */
  public final LongAdder sent = new LongAdder();

  /** Bytes written to sockets, including the 4-byte length prefix (before TLS). */
  public final LongAdder sentBytes = new LongAdder();

  /** Outbound connections established (first connect and every reconnect). */
  public final LongAdder connects = new LongAdder();

  @Override
  public String toString() {
    return "sent=%d received=%d bytes=%d dropped=%d oversized=%d malformed=%d refused=%d connects=%d"
        .formatted(
            sent.sum(),
            received.sum(),
            sentBytes.sum(),
            droppedOutbound.sum(),
            oversizedFrames.sum(),
            malformedFrames.sum(),
            refusedPeers.sum(),
            connects.sum());
  }
}
