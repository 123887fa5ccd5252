package io.trestle.sdk.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.trestle.proto.api.v1.ChainActionRequest;
import io.trestle.proto.api.v1.ChainPauseState;
import io.trestle.proto.api.v1.GetMessageRequest;
import io.trestle.proto.api.v1.ListMessagesRequest;
import io.trestle.proto.api.v1.Message;
import io.trestle.proto.api.v1.MessagePage;
import io.trestle.sdk.api.AdminServiceClient;
import io.trestle.sdk.api.MessageServiceClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generated client over a JDK HttpServer on loopback answering canned responses. */
class ApiTransportTest {
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile Reply reply;

  record Reply(int status, String type, byte[] body) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    if (ex.getRequestMethod().equals("POST")) {
      requests.add(
          "POST "
              + ex.getRequestURI().getRawPath()
              + " auth="
              + ex.getRequestHeaders().getFirst("Authorization")
              + " type="
              + ex.getRequestHeaders().getFirst("Content-Type")
              + " body="
              + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }
    requests.add(
        ex.getRequestURI().getRawPath()
            + (ex.getRequestURI().getRawQuery() == null
                ? ""
                : "?" + ex.getRequestURI().getRawQuery())
            + " accept="
            + ex.getRequestHeaders().getFirst("Accept"));
    Reply r = reply;
    if (r.type() != null) {
      ex.getResponseHeaders().add("Content-Type", r.type());
    }
    ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
    ex.getResponseBody().write(r.body());
    ex.close();
  }

  private MessageServiceClient client() {
    return new MessageServiceClient(
        ApiTransport.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")));
  }

  @Test
  void adminPostsSendTheTokenAndAJsonBodyOnlyWhenAFieldIsSet() {
    reply =
        new Reply(
            200,
            "application/x-protobuf",
            ChainPauseState.newBuilder().setChainId(-1L).setPaused(true).build().toByteArray());
    ApiTransport transport =
        ApiTransport.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
            .withBearerToken("s3cret");
    AdminServiceClient admin = new AdminServiceClient(transport);
    ChainPauseState state =
        admin.pauseChain(
            ChainActionRequest.newBuilder()
                .setChainId(-1L)
                .setReason("a \"b\" \\ \n\u0001 é")
                .build());
    assertEquals(-1L, state.getChainId());
    admin.unpauseChain(ChainActionRequest.newBuilder().setChainId(5).build());
    assertEquals(
        List.of(
            "POST /admin/v1/chains/18446744073709551615/pause auth=Bearer s3cret"
                + " type=application/json body={\"reason\":\"a \\\"b\\\" \\\\ \\n\\u0001 é\"}",
            "POST /admin/v1/chains/5/unpause auth=Bearer s3cret type=null body="),
        requests.stream().filter(r -> r.startsWith("POST")).toList());
    assertThrows(IllegalArgumentException.class, () -> transport.withBearerToken("two words"));
  }

  @Test
  void buildsPathAndQueryFromTheRequestAndParsesProtobuf() {
    reply =
        new Reply(
            200,
            "application/x-protobuf",
            MessagePage.newBuilder().setNext("abc").build().toByteArray());
    MessagePage page =
        client()
            .listMessages(
                ListMessagesRequest.newBuilder()
                    .setSourceChain(-1L)
                    .setSender("0xab")
                    .setStatus(Message.Status.COMMITTED)
                    .setCursor("a b&c=")
                    .setLimit(5)
                    .build());
    assertEquals("abc", page.getNext());
    assertEquals(
        "/v1/messages?sourceChain=18446744073709551615&sender=0xab&status=COMMITTED"
            + "&cursor=a%20b%26c%3D&limit=5 accept=application/x-protobuf, application/problem+json",
        requests.getLast());
    client().listMessages(ListMessagesRequest.getDefaultInstance());
    assertTrue(requests.getLast().startsWith("/v1/messages accept="), requests.getLast());
    reply = new Reply(200, "application/x-protobuf", new byte[0]);
    client().getMessage(GetMessageRequest.newBuilder().setId("0x1/2 ").build());
    assertTrue(requests.getLast().startsWith("/v1/messages/0x1%2F2%20 "), requests.getLast());
    assertThrows(
        IllegalArgumentException.class,
        () -> client().getMessage(GetMessageRequest.getDefaultInstance()));
  }

  @Test
  void problemDocumentsBecomeTypedExceptions() {
    reply =
        new Reply(
            404,
            "application/problem+json",
            ("{\"type\":\"https://trestle.dev/problems/message-not-found\",\"title\":\"Message not"
                    + " found\",\"status\":404,\"detail\":\"no message\",\"instance\":\"/v1/messages/0x1\"}")
                .getBytes(StandardCharsets.UTF_8));
    ApiProblemException e =
        assertThrows(
            ApiProblemException.class,
            () -> client().getMessage(GetMessageRequest.newBuilder().setId("0x1").build()));
    assertEquals(404, e.status());
    assertEquals("message-not-found", e.slug());
    assertEquals("Message not found", e.title());
    assertEquals("no message", e.detail());
    assertEquals("/v1/messages/0x1", e.instance());

    reply = new Reply(502, "text/html", "<h1>Bad gateway</h1>".getBytes(StandardCharsets.UTF_8));
    e =
        assertThrows(
            ApiProblemException.class,
            () -> client().getMessage(GetMessageRequest.newBuilder().setId("0x1").build()));
    assertEquals(ApiProblemException.NO_PROBLEM_DOCUMENT, e.type());
    assertEquals(502, e.status());
    assertTrue(e.detail().contains("text/html") && e.detail().contains("Bad gateway"));
  }

  @Test
  void answersOutsideTheProtocolAreProtocolErrors() {
    reply = new Reply(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    assertThrows(
        ApiProtocolException.class,
        () -> client().getMessage(GetMessageRequest.newBuilder().setId("0x1").build()));
    reply = new Reply(200, "application/x-protobuf", new byte[] {(byte) 0xff, 0x01});
    ApiProtocolException e =
        assertThrows(
            ApiProtocolException.class,
            () -> client().getMessage(GetMessageRequest.newBuilder().setId("0x1").build()));
    assertInstanceOf(com.google.protobuf.InvalidProtocolBufferException.class, e.getCause());
  }

  @Test
  void unreachableNodeIsAnIoError() {
    int port = server.getAddress().getPort();
    server.stop(0);
    var c = new MessageServiceClient(ApiTransport.of(URI.create("http://127.0.0.1:" + port)));
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () -> c.getMessage(GetMessageRequest.newBuilder().setId("0x1").build()));
    assertTrue(e.getMessage().contains("/v1/messages/0x1"));
    assertNull(reply);
  }

  @Test
  void baseUrlMustBeHttp() {
    assertThrows(IllegalArgumentException.class, () -> ApiTransport.of(URI.create("ftp://x")));
    assertThrows(IllegalArgumentException.class, () -> ApiTransport.of(URI.create("/v1")));
  }
}
