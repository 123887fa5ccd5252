package io.trestle.app.api;

import io.trestle.app.config.TrestleProperties;
import io.trestle.app.service.QueryService;
import io.trestle.db.model.StatusChange;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Server-Sent Events of status changes. Each event has {@code event: status}, {@code id:} the
 * change id, and a {@code trestle.api.v1.StatusEvent} as data (its JSON, or base64 protobuf for
 * {@code Accept: text/event-stream;data=protobuf}); a comment every {@code
 * trestle.api.sse-heartbeat} keeps idle connections alive. A subscriber more than {@code
 * trestle.api.sse-buffer} events behind is disconnected (it can re-read the state by GET).
 *
 * <p>A reconnecting client sends the id of the last event it received as {@code Last-Event-ID}
 * (browsers' {@code EventSource} does so by itself): it then first gets every change it missed,
 * from the status history in the database, then live ones, with no gap and no duplicate.
 */
@Component
public class EventHandler {

  /** The first item of every stream: a comment, ignored by SSE parsers. */
  static final ServerSentEvent<Object> OPENED =
      ServerSentEvent.<Object>builder().comment("connected").build();

  private final QueryService query;
  private final Duration heartbeat;
  private final int buffer;

  public EventHandler(QueryService query, TrestleProperties properties) {
    this.query = query;
    this.heartbeat = properties.api().sseHeartbeat();
    this.buffer = properties.api().sseBuffer();
  }

  /**
   * GET /v1/messages/{id}/events: current status (or, with {@code Last-Event-ID}, every change
   * after that one), then each change; ends after DELIVERED.
   */
  public Mono<ServerResponse> message(ServerRequest request) {
    boolean protobuf = Negotiation.eventsAsProtobuf(request);
    String raw = request.pathVariable("id");
    byte[] id = Params.messageId(raw);
    Long after = lastEventId(request);
    // 404 before the stream starts when the message is unknown.
    return query
        .message(id)
        .switchIfEmpty(Mono.error(() -> MessageHandler.notFound(raw)))
        .flatMap(m -> stream(query.follow(id, after), protobuf));
  }

  /**
   * GET /v1/events: every status change from now on, or, with {@code Last-Event-ID}, from the first
   * change after that one.
   */
  public Mono<ServerResponse> all(ServerRequest request) {
    boolean protobuf = Negotiation.eventsAsProtobuf(request);
    Long after = lastEventId(request);
    return stream(after == null ? query.allChanges() : query.changesAfter(after, buffer), protobuf);
  }

  /** The {@code Last-Event-ID} header (an event id this API sent), or null when absent. */
  private static Long lastEventId(ServerRequest request) {
    String raw = request.headers().firstHeader("Last-Event-ID");
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    return Params.nonNegative(raw.trim(), ProblemType.INVALID_REQUEST, "Last-Event-ID header");
  }

  private Mono<ServerResponse> stream(Flux<StatusChange> changes, boolean protobuf) {
    Flux<ServerSentEvent<Object>> events =
        changes
            .onBackpressureBuffer(buffer, BufferOverflowStrategy.ERROR)
            .map(
                c ->
                    ServerSentEvent.<Object>builder(
                            Encodings.eventData(Resources.statusEvent(c), protobuf))
                        .id(Long.toString(c.id()))
                        .event("status")
                        .build());
    Flux<ServerSentEvent<Object>> withHeartbeat =
        events.publish(
            shared ->
                Flux.merge(
                    shared,
                    Flux.interval(heartbeat)
                        .map(t -> ServerSentEvent.<Object>builder().comment("keep-alive").build())
                        .takeUntilOther(shared.ignoreElements().then(Mono.just(true)))));
    // The opening comment commits the response at once: without it the headers (and a browser's
    // EventSource "open") would wait for the first change or heartbeat. It is emitted only after
    // the
    // stream has subscribed to the live changes (merge subscribes to its sources in order, and the
    // changes subscribe synchronously), so a client acting on "open" misses no change published
    // after it. An event may precede it; a comment after the last event is harmless.
    Flux<ServerSentEvent<Object>> opened = Flux.merge(withHeartbeat, Mono.just(OPENED));
    return ServerResponse.ok()
        .contentType(MediaType.TEXT_EVENT_STREAM)
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no")
        .body(
            opened,
            new org.springframework.core.ParameterizedTypeReference<ServerSentEvent<Object>>() {});
  }
}
