package io.trestle.db.model;

import java.util.List;

/** A message row with its status history, oldest change first, as read in one query. */
public record MessageWithHistory(MessageRow message, List<StatusChange> history) {

  public MessageWithHistory {
    history = List.copyOf(history);
  }
}
