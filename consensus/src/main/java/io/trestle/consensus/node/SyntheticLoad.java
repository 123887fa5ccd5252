package io.trestle.consensus.node;

import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.ObservationOracle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A synthetic source chain for load runs without a chain: message {@code k} (k = 1, 2, …) of a
 * fixed gateway has a deterministic 200-byte payload and is "observed" by every node at wall-clock
 * time {@code startMs + (k - 1) * 1000 / rate}. Every node derives the same stream, so the oracle
 * can check a proposed message against it (same content, already due) exactly like a real watcher.
 */
public final class SyntheticLoad implements ObservationOracle {
  static final long SOURCE_CHAIN = 31_337;

  /**
   * Messages due in the stream's first 10 s (JIT warm-up) are left out of latency figures, unless
   * the load harness sets another warm-up.
   */
  public static final long WARMUP_MS = 10_000;

  private static final byte[] GATEWAY = filled(20, 0x61);
  private static final byte[] SENDER = filled(20, 0x62);
  private static final byte[] RECIPIENT = filled(20, 0x63);
  private static final int PAYLOAD_BYTES = 200;
  private static final byte[] ZEROS = new byte[PAYLOAD_BYTES];
  private static final long MIX = 0x9E3779B97F4A7C15L;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final long rate;
  private volatile long startMs;
  private volatile long warmupMs = WARMUP_MS;
  private long nextNonce = 1;

  /** A stream of {@code ratePerSecond} messages from {@code startMs} (0: not started yet). */
  public SyntheticLoad(long ratePerSecond, long startMs) {
    this.rate = ratePerSecond;
    this.startMs = startMs;
  }

  /**
   * Sets the stream's start once, when it was created without one; messages due in its first {@code
   * warmupMs} are left out of latency figures.
   */
  public void startAt(long startMs, long warmupMs) {
    if (this.startMs == 0) {
      this.warmupMs = warmupMs;
      this.startMs = startMs;
    }
  }

  private boolean running() {
    return rate > 0 && startMs > 0;
  }

  /** Whether the stream has a start time (and a rate). */
  public boolean started() {
    return running();
  }

  /** The nonce of the next message {@link #due} will return. */
  public long nextNonce() {
    return nextNonce;
  }

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  /** Message number {@code nonce} of the stream. */
  public static CrossChainMessage message(long nonce) {
    byte[] payload = new byte[PAYLOAD_BYTES];
    LONGS.set(payload, 0, nonce);
    LONGS.set(payload, 8, nonce * MIX);
    return new CrossChainMessage(SOURCE_CHAIN, GATEWAY, nonce, SENDER, 2, RECIPIENT, payload);
  }

  /** Whether {@code payload} is message {@code nonce}'s, compared in place (no copy built). */
  private static boolean expectedPayload(long nonce, byte[] payload) {
    if (payload.length != PAYLOAD_BYTES
        || (long) LONGS.get(payload, 0) != nonce
        || (long) LONGS.get(payload, 8) != nonce * MIX) {
      return false;
    }
    return Arrays.mismatch(payload, 16, PAYLOAD_BYTES, ZEROS, 16, PAYLOAD_BYTES) < 0;
  }

  /** Whether message {@code nonce} is due after the warm-up (counts in latency figures). */
  public boolean measured(long nonce) {
    return dueMs(nonce) >= startMs + warmupMs;
  }

  /** Wall-clock time at which message {@code nonce} is observed. */
  public long dueMs(long nonce) {
    return startMs + (nonce - 1) * 1000 / rate;
  }

  /** The messages due by {@code nowMs} and not yet returned (at most {@code max}). */
  public List<CrossChainMessage> due(long nowMs, int max) {
    List<CrossChainMessage> out = new ArrayList<>();
    while (running() && out.size() < max && dueMs(nextNonce) <= nowMs) {
      out.add(message(nextNonce++));
    }
    return out;
  }

  @Override
  public Verdict check(Hash32 messageId, CrossChainMessage m) {
    if (m.sourceChainId() != SOURCE_CHAIN
        || m.nonce() < 1
        || !Arrays.equals(m.sourceGateway(), GATEWAY)) {
      return Verdict.REJECTED;
    }
    if (!expectedPayload(m.nonce(), m.payload())
        || !Arrays.equals(SENDER, m.sender())
        || !Arrays.equals(RECIPIENT, m.recipient())
        || m.destChainId() != 2) {
      return Verdict.REJECTED;
    }
    return running() && dueMs(m.nonce()) <= System.currentTimeMillis()
        ? Verdict.OBSERVED
        : Verdict.PENDING;
  }
}
