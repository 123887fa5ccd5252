package io.trestle.relayer.deliver;

/**
 * One member's part in the rotating delivery of a batch: waits its turn per {@link
 * SubmitterSchedule} (checking each poll whether someone else delivered meanwhile) and then
 * delivers what is still missing. Blocking; run on the member's delivery thread.
 */
public final class RotatingSubmitter {
  private final int member;
  private final SubmitterSchedule schedule;
  private final Deliverer deliverer;
  private final TxSender.Sleeper sleeper;
  private final java.time.Duration pollInterval;

  public RotatingSubmitter(
      int member,
      SubmitterSchedule schedule,
      Deliverer deliverer,
      TxSender.Sleeper sleeper,
      java.time.Duration pollInterval) {
    this.member = member;
    this.schedule = schedule;
    this.deliverer = deliverer;
    this.sleeper = sleeper;
    this.pollInterval = pollInterval;
  }

  /**
   * Returns the report of this member's delivery, or empty if another member delivered the batch
   * before this member's turn came.
   */
  public java.util.Optional<DeliveryReport> run(Batch batch) throws InterruptedException {
    java.util.BitSet all = new java.util.BitSet();
    all.set(0, batch.messages().size());
    return run(batch, all);
  }

  /**
   * As {@link #run(Batch)}, executing only the messages at indices {@code execute} (the root is
   * always submitted).
   */
  public java.util.Optional<DeliveryReport> run(Batch batch, java.util.BitSet execute)
      throws InterruptedException {
    long wait = schedule.delay(member, batch.height()).toMillis();
    while (wait > 0) {
      if (deliverer.isDelivered(batch, execute)) {
        return java.util.Optional.empty();
      }
      long step = Math.min(wait, pollInterval.toMillis());
      sleeper.sleep(java.time.Duration.ofMillis(step));
      wait -= step;
    }
    if (deliverer.isDelivered(batch, execute)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(deliverer.deliver(batch, execute));
  }
}
