package io.trestle.app.health;

import io.trestle.app.config.TrestleProperties;
import io.trestle.app.ports.ChainStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Chain health: DOWN when any watched chain is halted by a re-org or its confirmed height trails
 * the head by more than {@code trestle.health.max-chain-lag}; details per chain.
 */
@Component("chains")
public class ChainsHealthIndicator implements HealthIndicator {

  private final ChainStatus status;
  private final long maxLag;

  public ChainsHealthIndicator(ChainStatus status, TrestleProperties properties) {
    this.status = status;
    this.maxLag = properties.health().maxChainLag();
  }

  @Override
  public Health health() {
    var snapshots = status.snapshot();
    if (snapshots.isEmpty()) {
      return Health.unknown().withDetail("watchers", "none wired").build();
    }
    boolean up = true;
    Map<String, Object> details = new LinkedHashMap<>();
    for (ChainStatus.Snapshot s : snapshots) {
      String problem =
          s.haltedByReorg() ? "halted by re-org" : s.lag() > maxLag ? "lag over " + maxLag : null;
      up &= problem == null;
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("status", problem == null ? "UP" : "DOWN");
      d.put("head", s.head());
      d.put("confirmedHeight", s.confirmedHeight());
      d.put("lag", s.lag());
      d.put("rpcErrors", s.rpcErrors());
      d.put("haltedByReorg", s.haltedByReorg());
      if (problem != null) {
        d.put("reason", problem);
      }
      details.put(Long.toString(s.chainId()), d);
    }
    return (up ? Health.up() : Health.down()).withDetails(details).build();
  }
}
