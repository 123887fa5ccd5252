package io.trestle.consensus.raft;

/**
 * The leader's view of one follower (figure 2, "Volatile state on leaders", plus what etcd calls
 * the replicate state): entries are streamed optimistically after {@code sentUpTo}; a rejection
 * falls back to {@code nextIndex}, and heartbeats retransmit from there.
 */
final class Progress {
  /** Index of the next entry to send (initialised to the leader's last index + 1). */
  long nextIndex;

  /** Highest index known to be replicated on the follower. */
  long matchIndex;

  /** Highest index sent since the last rejection (≥ nextIndex - 1). */
  long sentUpTo;

  /** Highest height the follower reports as certified (its last emitted commit). */
  long certified;

  /** Commit index last made known to the follower (capped by what it holds). */
  long sentCommit;

  /** Highest height whose commit QC was sent since the last heartbeat. */
  long sentCertified;

  Progress(long lastIndex, long base) {
    nextIndex = lastIndex + 1;
    matchIndex = 0;
    sentUpTo = lastIndex;
    certified = base;
    sentCommit = base;
    sentCertified = base;
  }

  void acknowledged(long index) {
    matchIndex = Math.max(matchIndex, index);
    nextIndex = Math.max(nextIndex, index + 1);
    sentUpTo = Math.max(sentUpTo, index);
  }

  void rejected(long hint, long floor) {
    nextIndex = Math.max(floor + 1, Math.min(nextIndex - 1, hint + 1));
    sentUpTo = nextIndex - 1;
  }
}
