package io.trestle.consensus.core;

/**
 * The state an engine must find again after a crash to stay safe (HotStuff: last voted view and
 * highest QC; Raft: term and vote). The driver saves it durably (fsync) when it sees {@link
 * Action.PersistSafety}, before executing any later action of the same output, and passes the last
 * saved record back in {@link Input.Start} after a restart.
 */
public interface SafetyRecord {
  /** The record's stable byte form, for the driver's write-ahead log. */
  byte[] encode();
}
