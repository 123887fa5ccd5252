package io.trestle.consensus.hotstuff;

import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.MessageIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Messages ready to be proposed, by id, in arrival order; removed when they commit. The ids of the
 * last {@value #COMMITTED_IDS} committed messages are kept so a message delivered again after its
 * commit (a lagging watcher, a restart) is never proposed twice.
 */
final class Mempool {
  private static final int COMMITTED_IDS = 1 << 17;
  private final Map<Hash32, CrossChainMessage> pending = new LinkedHashMap<>();
  private final Set<Hash32> committed = new LinkedHashSet<>();
  private final MessageIds ids;

  /** Ids are computed through {@code ids}, so proposals of the same messages are not re-hashed. */
  Mempool(MessageIds ids) {
    this.ids = ids;
  }

  void addAll(List<CrossChainMessage> messages) {
    for (CrossChainMessage m : messages) {
      Hash32 id = ids.idOf(m);
      if (!committed.contains(id)) {
        pending.putIfAbsent(id, m);
      }
    }
  }

  /** Forgets a committed message and remembers its id. */
  void remove(Hash32 id) {
    pending.remove(id);
    committed.add(id);
    if (committed.size() > COMMITTED_IDS) {
      committed.remove(committed.iterator().next());
    }
  }

  /** Up to {@code max} messages whose ids are not in {@code exclude}, oldest first. */
  List<CrossChainMessage> take(int max, Set<Hash32> exclude) {
    List<CrossChainMessage> batch = new ArrayList<>();
    for (var e : pending.entrySet()) {
      if (batch.size() >= max) {
        break;
      }
      if (!exclude.contains(e.getKey())) {
        batch.add(e.getValue());
      }
    }
    return batch;
  }

  int size() {
    return pending.size();
  }
}
