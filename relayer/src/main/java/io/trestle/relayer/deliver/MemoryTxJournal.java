package io.trestle.relayer.deliver;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A {@link TxJournal} kept in memory: the journal of a node with no data directory, and the state
 * {@link FileTxJournal} saves after every change.
 */
class MemoryTxJournal implements TxJournal {
  final TreeMap<Long, Pending> pending = new TreeMap<>();
  long next;

  @Override
  public synchronized long nextNonce() {
    return next;
  }

  @Override
  public synchronized List<Pending> pending() {
    return List.copyOf(pending.values());
  }

  @Override
  public synchronized void sending(long nonce, String hash, byte[] signed) {
    Pending p = pending.get(nonce);
    List<String> hashes = new ArrayList<>(p == null ? List.of() : p.hashes());
    hashes.add(hash);
    pending.put(nonce, new Pending(nonce, hashes, signed));
    next = Math.max(next, nonce + 1);
  }

  @Override
  public synchronized void settled(long nonce) {
    pending.remove(nonce);
  }
}
