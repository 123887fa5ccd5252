package io.trestle.app.service;

import io.trestle.db.model.StatusChange;
import java.util.Arrays;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * In-process stream of committed status changes. Hot: a subscriber sees changes published after it
 * subscribed. Publishing never blocks; a subscriber that cannot keep up is dropped by its own
 * bounded buffer (see the SSE handler), never slowing the others.
 */
@Component
public class StatusEvents {

  private final Sinks.Many<StatusChange> sink = Sinks.many().multicast().directBestEffort();

  /** Publishes a change that is already committed to the database. Thread-safe. */
  public void publish(StatusChange change) {
    synchronized (sink) {
      sink.tryEmitNext(change);
    }
  }

  /** Every change from now on. */
  public Flux<StatusChange> all() {
    return sink.asFlux();
  }

  /** Changes of one message from now on. */
  public Flux<StatusChange> of(byte[] messageId) {
    return sink.asFlux().filter(c -> Arrays.equals(c.messageId(), messageId));
  }

  /** Number of current subscribers. */
  public int subscribers() {
    return sink.currentSubscriberCount();
  }
}
