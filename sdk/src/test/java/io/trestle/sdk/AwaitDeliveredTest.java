package io.trestle.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.trestle.proto.api.v1.Message;
import io.trestle.proto.api.v1.StatusEvent;
import io.trestle.sdk.http.ApiProblemException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TrestleClient#awaitDelivered} over a JDK HttpServer on loopback that plays a node's event
 * stream, including a stream that ends early (the client must resume with Last-Event-ID).
 */
class AwaitDeliveredTest {
  private static final String ID = "0x" + "ab".repeat(32);

  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> lastEventIds = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger connections = new AtomicInteger();
  private volatile Script script;

  interface Script {
    void play(int connection, OutputStream out) throws IOException, InterruptedException;
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/v1/messages/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    lastEventIds.add(String.valueOf(ex.getRequestHeaders().getFirst("Last-Event-ID")));
    if (!ex.getRequestHeaders().getFirst("Accept").startsWith("text/event-stream;data=protobuf")) {
      ex.sendResponseHeaders(406, -1);
      return;
    }
    if (!ex.getRequestURI().getPath().equals("/v1/messages/" + ID + "/events")) {
      byte[] body =
          "{\"type\":\"https://trestle.dev/problems/message-not-found\",\"title\":\"t\",\"status\":404,\"detail\":\"d\"}"
              .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/problem+json");
      ex.sendResponseHeaders(404, body.length);
      ex.getResponseBody().write(body);
      ex.close();
      return;
    }
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      script.play(connections.incrementAndGet(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void event(OutputStream out, long id, Message.Status status, boolean split)
      throws IOException {
    String data =
        Base64.getEncoder()
            .encodeToString(
                StatusEvent.newBuilder()
                    .setId(id)
                    .setMessageId(ID)
                    .setStatus(status)
                    .build()
                    .toByteArray());
    String lines =
        split
            ? "data: " + data.substring(0, 5) + "\ndata:" + data.substring(5) + "\n"
            : "data: " + data + "\n";
    out.write(("event: status\nid: " + id + "\n" + lines + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private TrestleClient client() {
    return TrestleClient.connect(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
  }

  @Test
  void resumesAfterAnEarlyEndAndReturnsTheDelivery() throws Exception {
    script =
        (n, out) -> {
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
          if (n == 1) {
            event(out, 7, Message.Status.OBSERVED, false);
            return; // the node restarts: the stream ends before delivery
          }
          event(out, 8, Message.Status.COMMITTED, true);
          event(out, 9, Message.Status.DELIVERED, false);
          release.await(10, TimeUnit.SECONDS);
        };
    StatusEvent delivered = client().awaitDelivered(ID, Duration.ofSeconds(10));
    assertEquals(Message.Status.DELIVERED, delivered.getStatus());
    assertEquals(9, delivered.getId());
    assertEquals(List.of("null", "7"), lastEventIds);
  }

  @Test
  void timesOutNamingTheLastStatus() {
    script =
        (n, out) -> {
          event(out, 1, Message.Status.ATTESTED, false);
          release.await(10, TimeUnit.SECONDS);
        };
    TrestleClient client = client();
    // Warm the HTTP client up (class loading) so that the short wait below is all streaming.
    assertThrows(
        ApiProblemException.class,
        () -> client.awaitDelivered("0x" + "cd".repeat(32), Duration.ofSeconds(5)));
    TimeoutException e =
        assertThrows(
            TimeoutException.class, () -> client.awaitDelivered(ID, Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("ATTESTED"), e.getMessage());
  }

  @Test
  void unknownMessageIsAProblemNotARetry() {
    ApiProblemException e =
        assertThrows(
            ApiProblemException.class,
            () -> client().awaitDelivered("0x" + "cd".repeat(32), Duration.ofSeconds(5)));
    assertEquals("message-not-found", e.slug());
    assertEquals(1, lastEventIds.size());
  }
}
