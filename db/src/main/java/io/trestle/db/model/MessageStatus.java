package io.trestle.db.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life cycle of a message: OBSERVED → COMMITTED → ATTESTED → DELIVERED, with DELAYED (held by the
 * governor after commit) and FAILED (destination execution failed, retryable) on the side.
 */
public enum MessageStatus {
  OBSERVED,
  COMMITTED,
  ATTESTED,
  DELIVERED,
  DELAYED,
  FAILED;

  /** Statuses a message in this status may move to next. DELIVERED is final. */
  public Set<MessageStatus> next() {
    return switch (this) {
      case OBSERVED -> EnumSet.of(COMMITTED);
      case COMMITTED -> EnumSet.of(ATTESTED, DELAYED);
      case DELAYED -> EnumSet.of(COMMITTED, ATTESTED);
      case ATTESTED -> EnumSet.of(DELIVERED, FAILED);
      case FAILED -> EnumSet.of(ATTESTED);
      case DELIVERED -> EnumSet.noneOf(MessageStatus.class);
    };
  }

  /** Whether a proof can exist: the message is in a committed block. */
  public boolean committed() {
    return this != OBSERVED;
  }
}
