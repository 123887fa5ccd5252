package io.trestle.app.health;

import io.trestle.app.config.TrestleProperties;
import io.trestle.app.ports.ConsensusStatus;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Consensus health: DOWN when fewer peers are connected than a quorum needs or the last commit is
 * older than {@code trestle.health.max-commit-age}; UNKNOWN when no consensus runs (api-only).
 */
@Component("consensus")
public class ConsensusHealthIndicator implements HealthIndicator {

  private final ConsensusStatus status;
  private final Duration maxCommitAge;
  private final Clock clock;

  @Autowired
  public ConsensusHealthIndicator(ConsensusStatus status, TrestleProperties properties) {
    this(status, properties.health().maxCommitAge(), Clock.systemUTC());
  }

  ConsensusHealthIndicator(ConsensusStatus status, Duration maxCommitAge, Clock clock) {
    this.status = status;
    this.maxCommitAge = maxCommitAge;
    this.clock = clock;
  }

  @Override
  public Health health() {
    ConsensusStatus.Snapshot s = status.snapshot();
    if ("api-only".equals(s.mode())) {
      return Health.unknown().withDetail("mode", s.mode()).build();
    }
    Duration age =
        s.lastCommitAt() == null ? null : Duration.between(s.lastCommitAt(), clock.instant());
    boolean quorum = s.peersConnected() + 1 >= s.quorum();
    boolean fresh = age != null && age.compareTo(maxCommitAge) <= 0;
    Health.Builder b = quorum && fresh ? Health.up() : Health.down();
    b.withDetail("mode", s.mode())
        .withDetail("peersConnected", s.peersConnected())
        .withDetail("quorum", s.quorum())
        .withDetail("view", s.view())
        .withDetail("height", s.height())
        .withDetail("lastCommitAgeMs", age == null ? -1 : age.toMillis());
    if (!quorum) {
      b.withDetail("reason", "fewer peers connected than a quorum needs");
    } else if (!fresh) {
      b.withDetail("reason", "no commit within " + maxCommitAge);
    }
    return b.build();
  }
}
