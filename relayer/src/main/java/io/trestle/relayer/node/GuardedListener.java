package io.trestle.relayer.node;

import io.trestle.consensus.driver.Driver;
import io.trestle.relayer.watch.Observation;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Shields the node from its {@link NodeListener}: an exception thrown by the listener is logged and
 * counted, never propagated (it would otherwise halt the consensus driver's owner thread, or stop a
 * watcher or delivery thread).
 */
final class GuardedListener implements NodeListener {
  private static final System.Logger LOG = System.getLogger(GuardedListener.class.getName());
  private final NodeListener inner;
  private final LongAdder failures = new LongAdder();

  GuardedListener(NodeListener inner) {
    this.inner = inner;
  }

  /** Listener calls that threw. */
  long failures() {
    return failures.sum();
  }

  private void guard(String what, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      failures.increment();
      LOG.log(System.Logger.Level.WARNING, "node listener failed in " + what + ": " + e, e);
    }
  }

  @Override
  public void observed(long chainId, Observation observation) {
    guard("observed", () -> inner.observed(chainId, observation));
  }

  @Override
  public void committed(Driver.Committed committed) {
    guard("committed", () -> inner.committed(committed));
  }

  /** A listener that cannot say gets no replay. */
  @Override
  public java.util.concurrent.CompletionStage<Long> storedCommitHeight() {
    try {
      return inner.storedCommitHeight();
    } catch (RuntimeException e) {
      failures.increment();
      LOG.log(System.Logger.Level.WARNING, "node listener failed in storedCommitHeight: " + e, e);
      return java.util.concurrent.CompletableFuture.completedFuture(Long.MAX_VALUE);
    }
  }

  @Override
  public void replayed(Driver.Committed committed) {
    guard("replayed", () -> inner.replayed(committed));
  }

  @Override
  public void attested(long destChainId, long epoch, long height, List<byte[]> messageIds) {
    guard("attested", () -> inner.attested(destChainId, epoch, height, messageIds));
  }

  @Override
  public void delivered(byte[] messageId, long destChainId, String txHash) {
    guard("delivered", () -> inner.delivered(messageId, destChainId, txHash));
  }

  @Override
  public void failed(byte[] messageId, long destChainId, String reason) {
    guard("failed", () -> inner.failed(messageId, destChainId, reason));
  }

  @Override
  public void delayed(
      byte[] messageId, long chainId, byte[] token, BigInteger amount, Instant releaseAt) {
    guard("delayed", () -> inner.delayed(messageId, chainId, token, amount, releaseAt));
  }

  @Override
  public void chainHalted(long chainId, String reason) {
    guard("chainHalted", () -> inner.chainHalted(chainId, reason));
  }
}
