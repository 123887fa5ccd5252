package io.trestle.consensus.sim;

/** What a simulated node does with the actions its (honest) engine produces. */
public enum Behaviour {
  HONEST,
  /** Sends nothing at all. */
  SILENT,
  /**
   * As leader, sends one block to even nodes and a conflicting twin to odd nodes, and to a random
   * half of them the other block as well.
   */
  EQUIVOCATE,
  /** With each vote, also signs and sends a vote for another block of the same view. */
  DOUBLE_VOTE,
  /** Corrupts its own signatures and forges votes in other members' names. */
  BAD_SIGNATURE,
  /** Also sends signed votes and timeouts for stale and far-future views. */
  STALE_FUTURE,
  /** Re-sends old messages it received to random nodes. */
  REPLAY,
  /** Sends its proposals and votes to only a few nodes. */
  WITHHOLD,
  /**
   * As leader after a TC, proposes a block extending a QC two blocks older than the TC allows (the
   * attack the TC's high QCs exist to stop).
   */
  FORK;

  public boolean byzantine() {
    return this != HONEST;
  }
}
