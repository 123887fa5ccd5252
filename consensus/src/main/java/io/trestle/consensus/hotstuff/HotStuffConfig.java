package io.trestle.consensus.hotstuff;

import io.trestle.canonical.v1.Committee;
import io.trestle.consensus.core.PeerId;
import java.util.Objects;

/**
 * Construction parameters of a {@link HotStuffEngine}; identical on every replica of a deployment
 * except {@code self}.
 *
 * @param genesisCommittee the committee of epoch 0 (its id names the deployment)
 * @param self this node's identity key; it votes only in epochs whose committee lists it
 * @param baseTimeoutMs view timer after a view that produced a QC; doubles per consecutive
 *     timed-out view (exponential backoff) up to {@code baseTimeoutMs << maxBackoffExponent}
 * @param maxBackoffExponent cap of the backoff exponent
 * @param maxBatch most messages a proposal carries
 * @param syncBatch most blocks one sync response carries
 * @param historySize number of last inputs kept for crash forensics
 * @param idleProposalMs how long a leader with nothing to propose and nothing to commit waits for
 *     payload before it proposes an empty block anyway (0: propose at once in every view, the
 *     behaviour before idle back-off). Must be below {@code baseTimeoutMs} so that an idle leader's
 *     empty block reaches the replicas before their view timers expire.
 */
public record HotStuffConfig(
    Committee genesisCommittee,
    PeerId self,
    long baseTimeoutMs,
    int maxBackoffExponent,
    int maxBatch,
    int syncBatch,
    int historySize,
    long idleProposalMs) {

  public HotStuffConfig {
    Objects.requireNonNull(genesisCommittee, "genesisCommittee");
    Objects.requireNonNull(self, "self");
    if (baseTimeoutMs <= 0 || maxBackoffExponent < 0 || maxBackoffExponent > 20) {
      throw new IllegalArgumentException("bad timeout parameters");
    }
    if (maxBatch < 0 || syncBatch < 1 || historySize < 0) {
      throw new IllegalArgumentException("bad batch or history size");
    }
    if (idleProposalMs < 0 || idleProposalMs >= baseTimeoutMs) {
      throw new IllegalArgumentException("idle proposal delay must be in [0, baseTimeoutMs)");
    }
  }

  /** The configuration with the default idle back-off: half the base timeout. */
  public HotStuffConfig(
      Committee genesisCommittee,
      PeerId self,
      long baseTimeoutMs,
      int maxBackoffExponent,
      int maxBatch,
      int syncBatch,
      int historySize) {
    this(
        genesisCommittee,
        self,
        baseTimeoutMs,
        maxBackoffExponent,
        maxBatch,
        syncBatch,
        historySize,
        baseTimeoutMs / 2);
  }

  /** Defaults for a LAN committee: 1 s base timeout, backoff up to 64 s, 256 messages a block. */
  public static HotStuffConfig defaults(Committee genesisCommittee, PeerId self) {
    return new HotStuffConfig(genesisCommittee, self, 1_000, 6, 256, 64, 256);
  }
}
