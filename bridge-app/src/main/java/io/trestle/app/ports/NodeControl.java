package io.trestle.app.ports;

import io.trestle.db.model.MessageRow;

/**
 * Operator actions the running relayer node carries out itself (the admin API calls them after
 * recording the action in the database). Absent in api-only mode. Implementations may block on the
 * node's storage: call them off event-loop threads.
 */
public interface NodeControl {

  /**
   * Lets the node deliver a message its governor holds, now.
   *
   * @param messageId 32 bytes
   * @return false when the node does not hold it
   * @throws java.io.UncheckedIOException when the node cannot record the release
   */
  boolean release(byte[] messageId);

  /**
   * Holds ({@code paused}) or lets through again the messages whose source is {@code chainId}, in
   * the node's governor (durably: a restart keeps the pause).
   *
   * @return how many held messages a resume handed to delivery (0 for a pause)
   * @throws java.io.UncheckedIOException when the node cannot record the change
   */
  int setPaused(long chainId, boolean paused);

  /**
   * Asks the node to call the destination gateway's {@code retry} for {@code message}, whose
   * receiver failed; the outcome comes back later as a delivered or failed event.
   *
   * @return false when no node runs or it does not deliver to the message's destination chain
   */
  boolean retry(MessageRow message);
}
