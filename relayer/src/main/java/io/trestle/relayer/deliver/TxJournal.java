package io.trestle.relayer.deliver;

import java.util.List;

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
    return new MemoryTxJournal();
  }
}
