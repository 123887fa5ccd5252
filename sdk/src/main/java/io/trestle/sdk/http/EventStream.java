package io.trestle.sdk.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An open Server-Sent Events stream (WHATWG HTML §9.2 "event stream interpretation") whose events
 * carry one protobuf message each, base64-encoded in {@code data}. A blocking iterator: {@link
 * #take(Duration)} returns the next message, or null once the node has ended the stream.
 *
 * <p>Back-pressure: lines are pulled from the connection one at a time as {@code take} consumes
 * them, so a slow reader holds at most one line in memory (the node drops subscribers that fall too
 * far behind; reconnect with {@link #lastEventId()}). One reader thread at a time; {@link #close()}
 * may be called from any thread.
 */
public final class EventStream<T extends MessageLite> implements AutoCloseable {
  private static final Object END = new Object();

  private record Failure(Throwable cause) {}

  private final Parser<T> parser;
  private final URI uri;
  private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
  private volatile boolean finished;

  private StringBuilder data;
  private String idBuffer;
  private String lastEventId;

  private EventStream(Parser<T> parser, URI uri) {
    this.parser = parser;
    this.uri = uri;
  }

  /** Sends {@code request} and waits for the stream's headers (the request's timeout applies). */
  static <T extends MessageLite> EventStream<T> open(
      HttpClient client, HttpRequest request, Parser<T> parser) throws InterruptedException {
    EventStream<T> stream = new EventStream<>(parser, request.uri());
    CompletableFuture<HttpResponse.ResponseInfo> headers = new CompletableFuture<>();
    CompletableFuture<HttpResponse<byte[]>> body =
        client.sendAsync(
            request,
            info -> {
              headers.complete(info);
              if (info.statusCode() == 200
                  && ApiTransport.contentType(info.headers()).equals("text/event-stream")) {
                return HttpResponse.BodySubscribers.mapping(
                    HttpResponse.BodySubscribers.fromLineSubscriber(stream.new Lines()),
                    ignored -> new byte[0]);
              }
              return HttpResponse.BodySubscribers.ofByteArray();
            });
    try {
      CompletableFuture.anyOf(headers, body).get();
      HttpResponse.ResponseInfo info = headers.getNow(null);
      if (info == null) {
        body.get(); // completed exceptionally before the headers: rethrows the cause
        throw new IllegalStateException("response without headers");
      }
      if (info.statusCode() != 200) {
        throw ApiTransport.problem(
            info.statusCode(), ApiTransport.contentType(info.headers()), body.get().body());
      }
      String type = ApiTransport.contentType(info.headers());
      if (!type.equals("text/event-stream")) {
        body.cancel(true);
        throw new ApiProtocolException(
            "GET " + request.uri() + ": expected text/event-stream, got \"" + type + "\"", null);
      }
      return stream;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new UncheckedIOException(
          "GET " + request.uri() + ": " + cause.getMessage(),
          cause instanceof IOException io ? io : new IOException(cause));
    }
  }

  /**
   * The next message: blocks until one arrives, the node ends the stream (null), or {@code timeout}
   * passes.
   *
   * @throws TimeoutException when no message arrived within {@code timeout}
   * @throws UncheckedIOException when the connection broke (reconnect with {@link #lastEventId()})
   * @throws ApiProtocolException when an event's data is not a base64 protobuf message
   */
  public T take(Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!finished) {
      long left = deadline - System.nanoTime();
      Object item = lines.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (item == null) {
        throw new TimeoutException("no event from " + uri + " within " + timeout);
      }
      if (item == END) {
        finished = true;
        return null;
      }
      if (item instanceof Failure f) {
        finished = true;
        throw new UncheckedIOException(
            uri + ": stream broke: " + f.cause().getMessage(),
            f.cause() instanceof IOException io ? io : new IOException(f.cause()));
      }
      subscription.join().request(1);
      T message = accept((String) item);
      if (message != null) {
        return message;
      }
    }
    return null;
  }

  /**
   * The id of the last event returned by {@link #take}, to resume from on a new connection; null
   * before the first.
   */
  public String lastEventId() {
    return lastEventId;
  }

  /** Whether the stream has ended (by the node, a failure, or {@link #close()}). */
  public boolean finished() {
    return finished;
  }

  /** Closes the connection; pending and later {@link #take} calls return null. Idempotent. */
  @Override
  public void close() {
    finished = true;
    lines.add(END);
    subscription.thenAccept(Flow.Subscription::cancel);
  }

  /** Interprets one line; returns the message when the line completes an event with data. */
  private T accept(String line) {
    if (line.isEmpty()) {
      if (data == null) {
        return null;
      }
      String text = data.toString();
      data = null;
      lastEventId = idBuffer;
      try {
        return parser.parseFrom(Base64.getMimeDecoder().decode(text));
      } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
        throw new ApiProtocolException(
            uri + ": event data is not a base64 protobuf message: " + e.getMessage(), e);
      }
    }
    if (line.startsWith(":")) {
      return null; // comment (keep-alive)
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          idBuffer = value;
        }
      }
      default -> {} // event type and retry: every event of the API carries one message
    }
    return null;
  }

  /** Receives the body's lines on the HTTP client's threads, one per request(1). */
  private final class Lines implements Flow.Subscriber<String> {
    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription.complete(s);
      if (finished) {
        s.cancel();
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(String line) {
      lines.add(line);
    }

    @Override
    public void onError(Throwable t) {
      lines.add(new Failure(t));
    }

    @Override
    public void onComplete() {
      lines.add(END);
    }
  }
}
