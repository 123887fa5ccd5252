package io.trestle.consensus.raft;

import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.Hash32;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Messages waiting to be committed, in arrival order, and the ids committed recently (so a message
 * delivered again is never proposed twice). Every member keeps them, not only the leader.
 */
final class Payloads {
  private static final int COMMITTED_IDS = 1 << 17;
  private static final int ID_CACHE = 1 << 13;

  private final RaftEngine engine;
  private final Map<Hash32, CrossChainMessage> pending = new LinkedHashMap<>();
  private final Set<Hash32> committedIds = new LinkedHashSet<>();
  private final Map<CrossChainMessage, Hash32> ids =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<CrossChainMessage, Hash32> eldest) {
          return size() > ID_CACHE;
        }
      };

  Payloads(RaftEngine engine) {
    this.engine = engine;
  }

  /** hash(message), the message id, remembered for recently seen messages. */
  Hash32 idOf(CrossChainMessage m) {
    return ids.computeIfAbsent(m, x -> Hash32.of(x.hash()));
  }

  void add(List<CrossChainMessage> messages) {
    for (CrossChainMessage m : messages) {
      Hash32 id = idOf(m);
      if (!committedIds.contains(id)) {
        pending.putIfAbsent(id, m);
      }
    }
  }

  /** Reads back the ids of the last {@code dedupBlocks} committed blocks up to {@code tip}. */
  void loadCommitted(long tip) {
    for (long h = Math.max(1, tip - engine.config.dedupBlocks() + 1); h <= tip; h++) {
      engine.committed.block(h).ifPresent(this::committed);
    }
  }

  void committed(Block block) {
    for (CrossChainMessage m : block.messages()) {
      Hash32 id = idOf(m);
      pending.remove(id);
      committedIds.add(id);
    }
    while (committedIds.size() > COMMITTED_IDS) {
      Iterator<Hash32> it = committedIds.iterator();
      it.next();
      it.remove();
    }
  }

  /**
   * Up to {@code max} pending messages not in {@code exclude} that the oracle reports observed, in
   * arrival order; messages it rejects are dropped, those it does not know yet are kept for later.
   */
  List<CrossChainMessage> select(int max, Set<Hash32> exclude) {
    List<CrossChainMessage> batch = new ArrayList<>();
    Iterator<Map.Entry<Hash32, CrossChainMessage>> it = pending.entrySet().iterator();
    while (it.hasNext() && batch.size() < max) {
      Map.Entry<Hash32, CrossChainMessage> e = it.next();
      if (exclude.contains(e.getKey())) {
        continue;
      }
      switch (engine.oracle.check(e.getKey(), e.getValue())) {
        case OBSERVED -> batch.add(e.getValue());
        case REJECTED -> it.remove();
        case PENDING -> {}
      }
    }
    return batch;
  }

  int size() {
    return pending.size();
  }

  /** Messages not committed yet, in arrival order (handed to the next epoch's engine). */
  List<CrossChainMessage> pending() {
    return List.copyOf(pending.values());
  }
}
