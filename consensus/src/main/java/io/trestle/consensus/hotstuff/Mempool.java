package io.trestle.consensus.hotstuff;

import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.core.Hash32;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Messages ready to be proposed, by id, in arrival order; removed when they commit. */
final class Mempool {
  private final Map<Hash32, CrossChainMessage> pending = new LinkedHashMap<>();

  void addAll(List<CrossChainMessage> messages) {
    for (CrossChainMessage m : messages) {
      pending.putIfAbsent(Hash32.of(m.hash()), m);
    }
  }

  void remove(Hash32 id) {
    pending.remove(id);
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
