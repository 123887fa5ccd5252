package io.trestle.db.model;

import java.time.Instant;

/** A source chain's watcher position and the operator's pause switch. */
public record ChainCursorRow(
    long chainId,
    String name,
    long head,
    long confirmedHeight,
    byte[] lastBlockHash,
    boolean paused,
    Instant updatedAt) {}
