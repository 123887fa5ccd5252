package io.trestle.relayer.deliver;

import java.time.Duration;

/**
 * Who submits a batch, and when the others step in. For block {@code height}, member {@code height
 * mod n} submits at once; member at rank r (its distance after the primary, cyclically) starts
 * after r × {@code fallbackTimeout} if the batch is still not delivered, so a dead or slow
 * submitter delays delivery by one timeout per failed member. Deterministic: every member computes
 * the same schedule.
 */
public record SubmitterSchedule(int committeeSize, Duration fallbackTimeout) {
  /**
   * @throws IllegalArgumentException if the committee is empty
   */
  public SubmitterSchedule {
    if (committeeSize < 1) {
      throw new IllegalArgumentException("empty committee");
    }
  }

  /** The primary submitter of {@code height}. */
  public int primary(long height) {
    return (int) Long.remainderUnsigned(height, committeeSize);
  }

  /** Rank of {@code member} for {@code height}: 0 for the primary, then 1, 2, ... */
  public int rank(int member, long height) {
    return Math.floorMod(member - primary(height), committeeSize);
  }

  /** How long {@code member} waits before submitting {@code height} itself. */
  public Duration delay(int member, long height) {
    return fallbackTimeout.multipliedBy(rank(member, height));
  }
}
