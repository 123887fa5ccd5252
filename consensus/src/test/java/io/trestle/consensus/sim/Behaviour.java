package io.trestle.consensus.sim;

/** What a simulated node does with the actions its (honest) engine produces. */
public enum Behaviour {
  HONEST,
  /** Sends nothing at all. */
  SILENT,
  /** As leader, sends one block to half of the nodes and a conflicting block to the others. */
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
  WITHHOLD;

  public boolean byzantine() {
    return this != HONEST;
  }
}
