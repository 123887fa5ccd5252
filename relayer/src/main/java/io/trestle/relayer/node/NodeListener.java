package io.trestle.relayer.node;

import io.trestle.consensus.driver.Driver;
import io.trestle.relayer.watch.Observation;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a running relayer node reports about each message's journey (observe → commit → attest →
 * deliver), for the persistence and API layer. Calls come from the node's worker threads, in order
 * per message; implementations must not block for long (queue the work) and must tolerate a call
 * repeated after a restart (the same message observed or delivered twice).
 */
public interface NodeListener {

  /** The local watcher of {@code chainId} saw the message with enough confirmations. */
  void observed(long chainId, Observation observation);

  /** The committee committed a block; its messages and the commit QC are in {@code committed}. */
  void committed(Driver.Committed committed);

  /**
   * Height of the last committed block such that this listener has stored it and every block below
   * it; asked once when the node starts, which waits for the answer (up to a minute) before it
   * runs. The node then hands it each committed block above that height from its own block store,
   * through {@link #replayed}, before any new one: a listener whose store was lost or missed
   * commits gets them back. {@code Long.MAX_VALUE} (the default), an error or no answer in time: no
   * replay.
   */
  default CompletionStage<Long> storedCommitHeight() {
    return CompletableFuture.completedFuture(Long.MAX_VALUE);
  }

  /**
   * A block committed before this start, replayed from the node's block store (see {@link
   * #storedCommitHeight}). Called on the starting thread, in height order; unlike the other calls
   * it may block to apply back-pressure. The default treats it as {@link #committed}.
   */
  default void replayed(Driver.Committed committed) {
    committed(committed);
  }

  /**
   * A quorum of EVM signatures of the batch attestation for {@code destChainId} was gathered.
   *
   * @param messageIds ids (32 bytes each) of the batch's messages bound for that chain
   */
  void attested(long destChainId, long epoch, long height, List<byte[]> messageIds);

  /** The destination gateway executed the message in transaction {@code txHash}. */
  void delivered(byte[] messageId, long destChainId, String txHash);

  /** Execution on the destination chain failed; the gateway recorded it for a retry. */
  void failed(byte[] messageId, long destChainId, String reason);

  /** The governor holds a transfer of {@code amount} of {@code token} until {@code releaseAt}. */
  void delayed(byte[] messageId, long chainId, byte[] token, BigInteger amount, Instant releaseAt);

  /** The watcher of {@code chainId} halted on a re-org deeper than its confirmation depth. */
  void chainHalted(long chainId, String reason);

  /** A listener that ignores everything (a node run without a database). */
  static NodeListener ignoring() {
    return new NodeListener() {
      @Override
      public void observed(long chainId, Observation observation) {}

      @Override
      public void committed(Driver.Committed committed) {}

      @Override
      public void attested(long destChainId, long epoch, long height, List<byte[]> messageIds) {}

      @Override
      public void delivered(byte[] messageId, long destChainId, String txHash) {}

      @Override
      public void failed(byte[] messageId, long destChainId, String reason) {}

      @Override
      public void delayed(
          byte[] messageId, long chainId, byte[] token, BigInteger amount, Instant releaseAt) {}

      @Override
      public void chainHalted(long chainId, String reason) {}
    };
  }
}
