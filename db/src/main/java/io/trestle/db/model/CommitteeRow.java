package io.trestle.db.model;

/** The committee of one epoch as protobuf {@code trestle.v1.Committee}. */
public record CommitteeRow(
    long epoch, byte[] committeeId, long activationHeight, byte[] committee) {}
