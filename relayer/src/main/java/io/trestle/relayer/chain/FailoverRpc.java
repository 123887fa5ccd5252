package io.trestle.relayer.chain;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A {@link ChainRpc} over several endpoints of the same chain. Each call goes to the preferred
 * endpoint; a retryable failure ({@link RpcException#retryable()}) puts that endpoint in back-off
 * (exponential from {@code baseBackoff}, capped at {@code maxBackoff}; a rate limit counts double)
 * and the call moves on to the next endpoint not in back-off. When every endpoint is in back-off
 * the call is tried once on the one whose back-off ends first, so a call never waits or sleeps: the
 * caller's loop decides when to try again. A REJECTED answer is returned as is, without failover.
 * Time comes from {@code clockMillis} (tests move it by hand). Thread-safe.
 */
public final class FailoverRpc implements ChainRpc {
  private final List<ChainRpc> endpoints;
  private final long[] failures;
  private final long[] retryAt;
  private final long baseBackoffMs;
  private final long maxBackoffMs;
  private final LongSupplier clockMillis;
  private int preferred;
  private long errors;
  private long failovers;

  /**
   * @throws IllegalArgumentException if no endpoint is given
   */
  public FailoverRpc(
      List<? extends ChainRpc> endpoints,
      Duration baseBackoff,
      Duration maxBackoff,
      LongSupplier clockMillis) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one endpoint");
    }
    this.endpoints = List.copyOf(endpoints);
    this.failures = new long[endpoints.size()];
    this.retryAt = new long[endpoints.size()];
    this.baseBackoffMs = baseBackoff.toMillis();
    this.maxBackoffMs = maxBackoff.toMillis();
    this.clockMillis = clockMillis;
  }

  /** Health of one endpoint. */
  public record EndpointState(int index, long consecutiveFailures, boolean inBackoff) {}

  /** A snapshot of every endpoint's state. */
  public synchronized List<EndpointState> states() {
    long now = clockMillis.getAsLong();
    List<EndpointState> out = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      out.add(new EndpointState(i, failures[i], retryAt[i] > now));
    }
    return out;
  }

  /** Retryable errors seen since creation. */
  public synchronized long errorCount() {
    return errors;
  }

  /** Times a call moved to another endpoint. */
  public synchronized long failoverCount() {
    return failovers;
  }

  /** Index of the endpoint calls go to first. */
  public synchronized int preferred() {
    return preferred;
  }

  <T> T invoke(Function<ChainRpc, T> op) {
    List<Integer> order = order();
    RpcException last = null;
    for (int k = 0; k < order.size(); k++) {
      int i = order.get(k);
      try {
        T result = op.apply(endpoints.get(i));
        succeeded(i, k > 0);
        return result;
      } catch (RpcException e) {
        if (!e.retryable()) {
          succeeded(i, k > 0); // the endpoint answered
          throw e;
        }
        failed(i, e.kind());
        last = e;
      }
    }
    throw new RpcException(
        RpcException.Kind.TRANSIENT, "all " + endpoints.size() + " endpoints failed", last);
  }

  /** Endpoints not in back-off from the preferred one on; else the one that recovers first. */
  private synchronized List<Integer> order() {
    long now = clockMillis.getAsLong();
    List<Integer> out = new ArrayList<>();
    int n = endpoints.size();
    for (int k = 0; k < n; k++) {
      int i = (preferred + k) % n;
      if (retryAt[i] <= now) {
        out.add(i);
      }
    }
    if (out.isEmpty()) {
      int soonest = 0;
      for (int i = 1; i < n; i++) {
        if (retryAt[i] < retryAt[soonest]) {
          soonest = i;
        }
      }
      out.add(soonest);
    }
    return out;
  }

  private synchronized void succeeded(int i, boolean movedOn) {
    failures[i] = 0;
    retryAt[i] = 0;
    if (movedOn || preferred != i) {
      failovers++;
    }
    preferred = i;
  }

  private synchronized void failed(int i, RpcException.Kind kind) {
    errors++;
    failures[i]++;
    long exp = Math.min(failures[i] - 1 + (kind == RpcException.Kind.RATE_LIMITED ? 1 : 0), 30);
    long backoff = Math.min(maxBackoffMs, baseBackoffMs << exp);
    retryAt[i] = clockMillis.getAsLong() + backoff;
  }

  @Override
  public long chainId() {
    return invoke(ChainRpc::chainId);
  }

  @Override
  public long blockNumber() {
    return invoke(ChainRpc::blockNumber);
  }

  @Override
  public BlockHeader header(long number) {
    return invoke(e -> e.header(number));
  }

  @Override
  public List<LogEntry> logs(long from, long to, String address, String topic0) {
    return invoke(e -> e.logs(from, to, address, topic0));
  }

  @Override
  public byte[] call(String to, byte[] data) {
    return invoke(e -> e.call(to, data));
  }

  @Override
  public long pendingNonce(String address) {
    return invoke(e -> e.pendingNonce(address));
  }

  @Override
  public BigInteger baseFee() {
    return invoke(ChainRpc::baseFee);
  }

  @Override
  public BigInteger priorityFee() {
    return invoke(ChainRpc::priorityFee);
  }

  @Override
  public long estimateGas(String from, String to, byte[] data) {
    return invoke(e -> e.estimateGas(from, to, data));
  }

  @Override
  public String sendRawTransaction(byte[] signed) {
    return invoke(e -> e.sendRawTransaction(signed));
  }

  @Override
  public Optional<Receipt> receipt(String txHash) {
    return invoke(e -> e.receipt(txHash));
  }
}
