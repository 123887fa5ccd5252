package io.trestle.app.health;

import io.trestle.app.node.RelayerNodeLifecycle;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the relayer node the app runs is working: DOWN before it started, after it stopped, or
 * once it halted (consensus storage or invariant failure, delivery state that cannot be written:
 * the node must be restarted), with the failure; UNKNOWN when no node is configured (api-only).
 */
@Component("node")
public class RelayerNodeHealthIndicator implements HealthIndicator {

  private final ObjectProvider<RelayerNodeLifecycle> node;

  public RelayerNodeHealthIndicator(ObjectProvider<RelayerNodeLifecycle> node) {
    this.node = node;
  }

  @Override
  public Health health() {
    RelayerNodeLifecycle n = node.getIfAvailable();
    if (n == null) {
      return Health.unknown().withDetail("mode", "api-only").build();
    }
    if (!n.isRunning()) {
      return Health.down().withDetail("reason", "relayer node not running").build();
    }
    Optional<Throwable> halted = n.halted();
    if (halted.isPresent()) {
      return Health.down()
          .withDetail("reason", "halted, restart the node: " + halted.get())
          .build();
    }
    return Health.up().withDetail("member", n.node().member()).build();
  }
}
