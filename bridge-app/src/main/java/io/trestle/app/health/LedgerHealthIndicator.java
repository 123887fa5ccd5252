package io.trestle.app.health;

import io.trestle.app.node.LedgerWriter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the running node's events reach the database: DOWN once an event was dropped (queue full)
 * or could not be written after retries, since the API then misses part of the node's history;
 * UNKNOWN when no node runs (api-only). Details: queued, applied, skipped, retried, failed and
 * dropped writes, and the last failure.
 */
@Component("ledger")
public class LedgerHealthIndicator implements HealthIndicator {

  private final ObjectProvider<LedgerWriter> writer;

  public LedgerHealthIndicator(ObjectProvider<LedgerWriter> writer) {
    this.writer = writer;
  }

  @Override
  public Health health() {
    LedgerWriter w = writer.getIfAvailable();
    if (w == null) {
      return Health.unknown().withDetail("mode", "api-only").build();
    }
    LedgerWriter.Health h = w.health();
    Health.Builder b = h.complete() ? Health.up() : Health.down();
    b.withDetail("pending", h.pending())
        .withDetail("applied", h.applied())
        .withDetail("skipped", h.skipped())
        .withDetail("retries", h.retries())
        .withDetail("failed", h.failed())
        .withDetail("dropped", h.dropped());
    if (h.lastFailure() != null) {
      b.withDetail("lastFailure", h.lastFailure());
    }
    return b.build();
  }
}
