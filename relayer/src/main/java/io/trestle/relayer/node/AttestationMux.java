package io.trestle.relayer.node;

import com.google.protobuf.InvalidProtocolBufferException;
import io.trestle.consensus.net.Transport;
import io.trestle.proto.v1.Envelope;
import io.trestle.proto.v1.ProtocolId;
import io.trestle.proto.v1.TimeoutMessage;
import io.trestle.proto.v1.Vote;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One relayer connection carries two protocols: consensus (owned by the driver, which calls {@link
 * #start}) and attestation signatures. This {@link Transport} decorator hands inbound {@code
 * PROTOCOL_ID_ATTESTATION} envelopes to the attestation handler and every other envelope to the
 * driver's handler; outbound calls go straight through. On the way it notes, for {@link
 * NodeStatus}, when each peer was last heard from and the view and count of this node's own votes
 * and timeouts. Inbound handlers run on transport threads and must not block; the same contract as
 * {@link Transport} holds for both.
 */
public final class AttestationMux implements Transport {
  private final Transport inner;
  private final LongSupplier clockMillis;
  private final AtomicLongArray lastHeardMs;
  private final LongAdder votes = new LongAdder();
  private final AtomicLong view = new AtomicLong();
  private volatile InboundHandler attestations = (from, message) -> {};

  public AttestationMux(Transport inner, LongSupplier clockMillis) {
    this.inner = inner;
    this.clockMillis = clockMillis;
    this.lastHeardMs = new AtomicLongArray(inner.size());
  }

  /** Sets where attestation frames go; call before {@link #start}. */
  public void attestations(InboundHandler handler) {
    this.attestations = handler;
  }

  @Override
  public int self() {
    return inner.self();
  }

  @Override
  public int size() {
    return inner.size();
  }

  @Override
  public void start(InboundHandler consensus) {
    inner.start(
        (from, message) -> {
          if (from >= 0 && from < lastHeardMs.length()) {
            lastHeardMs.set(from, clockMillis.getAsLong());
          }
          if (message.getProtocol() == ProtocolId.PROTOCOL_ID_ATTESTATION) {
            attestations.onMessage(from, message);
          } else {
            consensus.onMessage(from, message);
          }
        });
  }

  @Override
  public void send(int peer, Envelope message) {
    note(message);
    inner.send(peer, message);
  }

  @Override
  public void broadcast(Envelope message) {
    note(message);
    inner.broadcast(message);
  }

  private void note(Envelope e) {
    try {
      switch (e.getProtocol()) {
        case PROTOCOL_ID_VOTE -> {
          votes.increment();
          view.accumulateAndGet(Vote.parseFrom(e.getPayload()).getData().getView(), Math::max);
        }
        case PROTOCOL_ID_TIMEOUT ->
            view.accumulateAndGet(
                TimeoutMessage.parseFrom(e.getPayload()).getTimeout().getData().getView(),
                Math::max);
        default -> {}
      }
    } catch (InvalidProtocolBufferException ex) {
      // our own encoder wrote it; a parse failure only loses a statistic
    }
  }

  /** Peers (not this node) from which a frame arrived within {@code withinMs}. */
  public int peersHeard(long withinMs) {
    long now = clockMillis.getAsLong();
    int n = 0;
    for (int i = 0; i < lastHeardMs.length(); i++) {
      long at = lastHeardMs.get(i);
      if (i != self() && at > 0 && now - at <= withinMs) {
        n++;
      }
    }
    return n;
  }

  /** Votes this node sent since start. */
  public long votes() {
    return votes.sum();
  }

  /** Highest view this node voted or timed out in. */
  public long view() {
    return view.get();
  }

  @Override
  public void close() {
    inner.close();
  }
}
