package io.trestle.consensus.core;

/**
 * A message one engine sends another through the driver. Each protocol declares its own sealed
 * family (HotStuff: {@code io.trestle.consensus.hotstuff.HotStuffMessage}; Raft later its own), so
 * this core interface stays open. The driver treats it as opaque: it serializes it, carries it to
 * the peer and hands it back as {@link Input.MessageReceived}. An engine receiving a message of
 * another protocol ignores it (returns an empty output).
 */
public interface EngineMessage {}
