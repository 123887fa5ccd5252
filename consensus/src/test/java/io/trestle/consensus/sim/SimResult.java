package io.trestle.consensus.sim;

/**
 * Figures of a finished run.
 *
 * @param committedHeight the lowest committed height among honest live nodes at the end
 * @param messagesSent messages put on the wire (a broadcast counts once per receiver)
 * @param steps events processed
 */
public record SimResult(
    long committedHeight, long maxCommittedHeight, long messagesSent, long steps) {}
