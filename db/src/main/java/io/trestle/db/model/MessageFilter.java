package io.trestle.db.model;

/**
 * Filters of a message listing; a null field does not filter. Results are newest first (by
 * insertion sequence), strictly older than {@code beforeSeq} when it is not null.
 */
public record MessageFilter(
    Long sourceChainId, byte[] sender, MessageStatus status, Long beforeSeq, int limit) {

  public MessageFilter {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
  }
}
