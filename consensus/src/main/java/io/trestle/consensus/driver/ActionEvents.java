package io.trestle.consensus.driver;

import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.hotstuff.HotStuffMessage;

/**
 * Derives the consensus-phase JFR events and counters from the messages the node sends and the
 * blocks it commits: a proposal's justify QC is a QC formed (by the proposer); a proposal after a
 * TC, or a higher view in this node's own messages, is a view change. Owner thread only.
 */
final class ActionEvents {
  private final DriverStats stats;
  private long view;
  private long viewEnteredMs = System.currentTimeMillis();
  private long lastQcView;

  /** When this node first sent or received a proposal at each uncommitted height (nanoTime). */
  private final java.util.TreeMap<Long, Long> proposedAt = new java.util.TreeMap<>();

  ActionEvents(DriverStats stats) {
    this.stats = stats;
  }

  void sent(EngineMessage m, boolean broadcast) {
    switch (m) {
      case HotStuffMessage.Proposal p -> {
        Block b = p.block();
        long qcView = b.justify().data().view();
        if (qcView > lastQcView) {
          lastQcView = qcView;
          var qc = new ConsensusEvents.QcFormed();
          qc.view = qcView;
          qc.height = b.justify().data().height();
          qc.commit();
        }
        if (b.timeoutCertificate().isPresent()) {
          stats.viewChanges.increment();
        }
        enterView(b.view());
        proposedAt.putIfAbsent(b.height(), System.nanoTime());
        var e = new ConsensusEvents.Proposal();
        e.view = b.view();
        e.height = b.height();
        e.messages = b.messages().size();
        e.commit();
      }
      case HotStuffMessage.Vote v -> {
        enterView(v.data().view());
        var e = new ConsensusEvents.Vote();
        e.view = v.data().view();
        e.height = v.data().height();
        e.commit();
      }
      case HotStuffMessage.Timeout t -> {
        if (broadcast) {
          stats.timeouts.increment();
        }
        var e = new ConsensusEvents.Timeout();
        e.view = t.data().view();
        e.highQcView = t.data().highQcView();
        e.commit();
      }
      default -> {}
    }
  }

  /** A proposal reached the engine, {@code handOffNanos} after the transport decoded it. */
  void received(HotStuffMessage.Proposal p, long handOffNanos) {
    Block b = p.block();
    if (proposedAt.size() < 4_096) {
      proposedAt.putIfAbsent(b.height(), System.nanoTime());
    }
    var e = new ConsensusEvents.ProposalReceived();
    if (e.shouldCommit()) {
      e.view = b.view();
      e.height = b.height();
      e.messages = b.messages().size();
      e.handOffUs = handOffNanos / 1_000;
      e.commit();
    }
  }

  private void enterView(long v) {
    if (v > view) {
      long now = System.currentTimeMillis();
      var e = new ConsensusEvents.ViewChange();
      e.fromView = view;
      e.toView = v;
      e.latencyMs = now - viewEnteredMs;
      e.commit();
      view = v;
      viewEnteredMs = now;
    }
  }

  void committed(Block b) {
    var e = new ConsensusEvents.Commit();
    e.view = b.view();
    e.height = b.height();
    e.messages = b.messages().size();
    Long seen = proposedAt.get(b.height());
    e.latencyMs = seen == null ? 0 : (System.nanoTime() - seen) / 1_000_000;
    proposedAt.headMap(b.height(), true).clear();
    e.commit();
  }
}
