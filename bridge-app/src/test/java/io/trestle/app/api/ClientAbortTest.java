package io.trestle.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.netty.channel.AbortedException;
import reactor.test.StepVerifier;

/** A client that closes its connection mid-request is counted and logged at DEBUG, not ERROR. */
class ClientAbortTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ProblemExceptionHandler handler =
      new ProblemExceptionHandler(new ProblemWriter(ServerCodecConfigurer.create()), meters);
  private final Logger log = (Logger) LoggerFactory.getLogger(ProblemExceptionHandler.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void capture() {
    logged.start();
    log.addAppender(logged);
  }

  @AfterEach
  void release() {
    log.detachAppender(logged);
  }

  private MockServerWebExchange exchange() {
    return MockServerWebExchange.from(MockServerHttpRequest.get("/v1/messages/0x01"));
  }

  private double aborted() {
    return meters.counter("trestle.api.aborted").count();
  }

  @Test
  void abortsAreCountedNotLoggedAsErrors() {
    var aborts =
        new Throwable[] {
          AbortedException.beforeSend(),
          new java.nio.channels.ClosedChannelException(),
          new IOException("recvAddress(..) failed with error(-104): Connection reset by peer"),
          new IllegalStateException(
              "write failed", new IOException("writevAddresses(..) failed: Broken pipe")),
        };
    for (Throwable abort : aborts) {
      MockServerWebExchange exchange = exchange();
      StepVerifier.create(handler.handle(exchange, abort))
          .expectComplete()
          .verify(Duration.ofSeconds(5));
      assertThat(exchange.getResponse().getStatusCode()).as(abort.toString()).isNull();
    }
    assertThat(aborted()).isEqualTo(aborts.length);
    assertThat(logged.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
  }

  @Test
  void otherErrorsAreStill500AndLogged() {
    MockServerWebExchange exchange = exchange();
    StepVerifier.create(handler.handle(exchange, new IllegalStateException("boom")))
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(500);
    assertThat(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5)))
        .contains("internal error");
    assertThat(aborted()).isZero();
    assertThat(logged.list)
        .anyMatch(
            e ->
                e.getLevel() == Level.ERROR
                    && e.getFormattedMessage().startsWith("Unhandled error serving"));
  }
}
