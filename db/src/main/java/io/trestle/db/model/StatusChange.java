package io.trestle.db.model;

import java.time.Instant;

/**
 * One entry of a message's status history; {@code id} grows with every change in the database, so
 * it orders changes across messages too.
 */
public record StatusChange(
    long id, byte[] messageId, MessageStatus status, String reason, Instant at) {}
