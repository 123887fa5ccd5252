package io.trestle.relayer.node;

import io.trestle.relayer.chain.BlockHeader;
import io.trestle.relayer.chain.ChainRpc;
import io.trestle.relayer.chain.LogEntry;
import io.trestle.relayer.chain.Receipt;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** A {@link ChainRpc} decorator counting calls and failed calls, for {@link NodeStatus}. */
final class CountingRpc implements ChainRpc {
  private final ChainRpc inner;
  private final LongAdder calls = new LongAdder();
  private final LongAdder errors = new LongAdder();

  CountingRpc(ChainRpc inner) {
    this.inner = inner;
  }

  long calls() {
    return calls.sum();
  }

  long errors() {
    return errors.sum();
  }

  private <T> T count(Supplier<T> call) {
    calls.increment();
    try {
      return call.get();
    } catch (RuntimeException e) {
      errors.increment();
      throw e;
    }
  }

  @Override
  public long blockNumber() {
    return count(inner::blockNumber);
  }

  @Override
  public BlockHeader header(long number) {
    return count(() -> inner.header(number));
  }

  @Override
  public List<LogEntry> logs(long from, long to, String address, String topic0) {
    return count(() -> inner.logs(from, to, address, topic0));
  }

  @Override
  public long chainId() {
    return count(inner::chainId);
  }

  @Override
  public byte[] call(String to, byte[] data) {
    return count(() -> inner.call(to, data));
  }

  @Override
  public long pendingNonce(String address) {
    return count(() -> inner.pendingNonce(address));
  }

  @Override
  public BigInteger baseFee() {
    return count(inner::baseFee);
  }

  @Override
  public BigInteger priorityFee() {
    return count(inner::priorityFee);
  }

  @Override
  public long estimateGas(String from, String to, byte[] data) {
    return count(() -> inner.estimateGas(from, to, data));
  }

  @Override
  public String sendRawTransaction(byte[] signed) {
    return count(() -> inner.sendRawTransaction(signed));
  }

  @Override
  public Optional<Receipt> receipt(String txHash) {
    return count(() -> inner.receipt(txHash));
  }
}
