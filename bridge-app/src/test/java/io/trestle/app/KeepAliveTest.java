package io.trestle.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A keep-alive connection keeps being served when a client sends its next request before the server
 * has finished with the previous one (HTTP/1.1 pipelining, or just a fast client). Reactor Netty
 * 1.3.6 stopped reading such a connection after a buffered request that was answered without an
 * asynchronous step (a cache hit, an early 4xx): the client's next request hung until it closed the
 * connection. Found as a 20 s timeout in this module's tests on CI.
 */
class KeepAliveTest extends ApiTestBase {

  @LocalServerPort int port;

  /** Reads one response with a Content-Length body; returns its status line. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head);
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    in.readNBytes(length);
    return headers.substring(0, headers.indexOf("\r\n"));
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
  }

  @Test
  void aConnectionIsReadAgainAfterPipelinedRequestsAnsweredAtOnce() throws IOException {
    // A bad id is answered (400) without touching the database, i.e. synchronously.
    String synchronous = get("/v1/messages/0x01");
    String fromDatabase = get("/v1/chains");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (int round = 0; round < 20; round++) {
        // Two requests in one write: the second is buffered while the first is served.
        out.write((fromDatabase + synchronous).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        assertThat(readResponse(in)).as("round %d, first", round).endsWith("200 OK");
        assertThat(readResponse(in)).as("round %d, second", round).contains(" 400 ");
        // The next request on the same connection must be read.
        out.write(synchronous.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        try {
          assertThat(readResponse(in)).as("round %d, third", round).contains(" 400 ");
        } catch (SocketTimeoutException e) {
          throw new AssertionError("round " + round + ": the connection stopped being read", e);
        }
      }
    }
  }
}
