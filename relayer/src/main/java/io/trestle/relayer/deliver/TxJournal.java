package io.trestle.relayer.deliver;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Where a {@link TxSender} records, before a transaction leaves, the nonce it uses and the signed
 * bytes, and later that the nonce settled (mined, or taken by another transaction). After a restart
 * the sender first resolves what is still pending (re-broadcasts it and waits for its receipt), so
 * a nonce is never reused and a call that may already be mined is never sent again. Calls come from
 * the sender's lock holder only; an implementation that cannot save throws {@link
 * java.io.UncheckedIOException}, and the send does not happen.
 */
public interface TxJournal {
  /** A transaction sent (or about to be) and not known to be mined. */
  record Pending(long nonce, List<String> hashes, byte[] lastSigned) {
    public Pending {
      hashes = List.copyOf(hashes);
      lastSigned = lastSigned.clone();
    }

    @Override
    public byte[] lastSigned() {
      return lastSigned.clone();
    }
  }

  /** One past the highest nonce ever recorded; 0 when none was. */
  long nextNonce();

  /** Unsettled transactions, ascending by nonce. */
  List<Pending> pending();

  /** Records that {@code signed} (hash {@code hash}) is about to be sent with {@code nonce}. */
  void sending(long nonce, String hash, byte[] signed);

  /** Records that {@code nonce} no longer needs watching. */
  void settled(long nonce);

  /** A journal kept in memory only (tests; a node with no data directory). */
  static TxJournal inMemory() {
    return new TxJournal() {
      private final TreeMap<Long, Pending> pending = new TreeMap<>();
      private long next;

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
    };
  }
}
