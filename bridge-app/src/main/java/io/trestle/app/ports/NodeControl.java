package io.trestle.app.ports;

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
}
