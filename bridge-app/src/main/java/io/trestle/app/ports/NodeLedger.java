package io.trestle.app.ports;

import io.trestle.db.model.BlockRow;
import io.trestle.db.model.CommittedLeaf;
import io.trestle.db.model.CommitteeRow;
import io.trestle.db.model.NewMessage;
import io.trestle.db.model.ObservationRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Where the consensus and relayer adapters record a message's journey. Each call is one database
 * transaction; once it commits, subscribers of the status-change streams see the change. A call
 * that does not apply (message unknown or already past that step) completes with {@code false} and
 * changes nothing.
 */
public interface NodeLedger {

  /** A watcher saw the message with enough confirmations (→ OBSERVED when new). */
  Mono<Boolean> observed(NewMessage message, ObservationRow observation);

  /** The committee committed a block (its messages → COMMITTED, with their Merkle paths). */
  Mono<Boolean> committed(BlockRow block, List<CommittedLeaf> leaves);

  /**
   * The batch holding the message gathered a quorum of EVM attestations (→ ATTESTED, also from
   * DELAYED once the governor let it go).
   */
  Mono<Boolean> attested(byte[] messageId);

  /** The destination gateway executed the message (→ DELIVERED). */
  Mono<Boolean> delivered(byte[] messageId);

  /**
   * The destination gateway of {@code destChainId} executed the message in transaction {@code
   * txHash} (32 bytes, or null when unknown) (→ DELIVERED, also from FAILED after a successful
   * retry).
   */
  Mono<Boolean> delivered(byte[] messageId, long destChainId, byte[] txHash);

  /** Execution on the destination chain failed (→ FAILED with the reason). */
  Mono<Boolean> failed(byte[] messageId, long destChainId, String reason);

  /** A committee takes office for an epoch (stored or replaced). */
  Mono<Boolean> committee(CommitteeRow committee);

  /**
   * The highest {@code h} such that every committed block of heights 1..h is stored (0 when block 1
   * is not): a starting node replays its committed blocks above it.
   */
  Mono<Long> contiguousCommitHeight();

  /** The governor holds the message until {@code releaseAt} (→ DELAYED). */
  Mono<Boolean> delayed(
      byte[] messageId, long chainId, byte[] token, BigDecimal amount, Instant releaseAt);
}
