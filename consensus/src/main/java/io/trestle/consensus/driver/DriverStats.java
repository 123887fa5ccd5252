package io.trestle.consensus.driver;

import java.util.concurrent.atomic.LongAdder;

/** Driver counters; written by the driver's threads, read by anyone. */
public final class DriverStats {
  /** Inbound messages dropped because the verification queue or the inbox was full. */
  public final LongAdder droppedInbound = new LongAdder();

  /** Envelopes that did not decode to an engine message. */
  public final LongAdder malformed = new LongAdder();

  /** Inputs handled by the engine. */
  public final LongAdder inputs = new LongAdder();

  /** Safety records saved (each fsynced before the step's messages left). */
  public final LongAdder safetySaves = new LongAdder();

  /** Blocks committed and stored. */
  public final LongAdder commits = new LongAdder();

  /** Cross-chain messages in committed blocks. */
  public final LongAdder committedMessages = new LongAdder();

  /** Views entered after a timeout certificate rather than a QC. */
  public final LongAdder viewChanges = new LongAdder();

  /** Timeouts this node broadcast. */
  public final LongAdder timeouts = new LongAdder();
}
