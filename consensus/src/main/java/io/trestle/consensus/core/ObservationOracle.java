package io.trestle.consensus.core;

import io.trestle.canonical.v1.CrossChainMessage;

/**
 * Port to the local chain watcher, for external validity: a replica votes for a block only if it
 * has itself observed every message in it with enough confirmations and the same content.
 * Implementations must be cheap and must not block; answers may change only between two {@code
 * handle} calls (the driver then sends {@link Input.ObservationsChanged}).
 */
public interface ObservationOracle {
  /** What the local watcher knows of one message. */
  enum Verdict {
    /** Seen on the source chain with enough confirmations and exactly this content. */
    OBSERVED,
    /** Not (yet) seen or not yet confirmed enough: the engine may wait for the watcher. */
    PENDING,
    /** Known to be wrong (another content under the same source nonce, or re-orged away). */
    REJECTED
  }

  /** Checks {@code message}, whose id {@code messageId} the engine computed as hash(message). */
  Verdict check(Hash32 messageId, CrossChainMessage message);
}
