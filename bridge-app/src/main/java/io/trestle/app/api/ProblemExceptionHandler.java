package io.trestle.app.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.trestle.app.service.CorruptRecordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns every error of the application port into {@code application/problem+json}: our {@link
 * ApiException}s with their type, Spring's 4xx with the matching type, and anything else as a
 * logged 500 (bad input never lands there: every parameter is parsed into an {@link ApiException}
 * first). A client that closed its connection mid-request is counted ({@code trestle.api.aborted})
 * and logged at DEBUG only. Runs before Boot's default error handler.
 */
@Component
@Order(-2)
public class ProblemExceptionHandler implements WebExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemExceptionHandler.class);

  private final ProblemWriter writer;
  private final Counter aborted;

  public ProblemExceptionHandler(ProblemWriter writer, MeterRegistry meters) {
    this.writer = writer;
    this.aborted =
        Counter.builder("trestle.api.aborted")
            .description("Requests whose client closed the connection before the response was sent")
            .register(meters);
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    if (ClientAborts.isAbort(ex)) {
      // The client is gone: nothing can be sent, and nothing is wrong with the node.
      aborted.increment();
      LOG.debug(
          "Client closed the connection while {} was served: {}",
          exchange.getRequest().getPath(),
          ex.toString());
      return Mono.empty();
    }
    ProblemType type;
    String detail;
    switch (ex) {
      case ApiException api -> {
        type = api.type();
        detail = api.getMessage();
      }
      case NotAcceptableStatusException e -> {
        type = ProblemType.NOT_ACCEPTABLE;
        detail = "supported: " + e.getSupportedMediaTypes();
      }
      case UnsupportedMediaTypeStatusException e -> {
        type = ProblemType.UNSUPPORTED_MEDIA_TYPE;
        detail = "supported: " + e.getSupportedMediaTypes();
      }
      case MethodNotAllowedException e -> {
        type = ProblemType.METHOD_NOT_ALLOWED;
        detail = "allowed: " + e.getSupportedMethods();
      }
      case ServerWebInputException e -> {
        type = ProblemType.INVALID_REQUEST;
        detail = e.getReason();
      }
      case DecodingException e -> {
        type = ProblemType.INVALID_REQUEST;
        detail = "request body does not decode";
      }
      case ResponseStatusException e -> {
        type = forStatus(e.getStatusCode());
        detail = e.getReason() == null ? type.title() : e.getReason();
      }
      case CorruptRecordException e -> {
        LOG.error("Corrupt record while serving {}", exchange.getRequest().getPath(), e);
        type = ProblemType.INTERNAL;
        detail = "a stored record is corrupt; the operator has been alerted in the log";
      }
      default -> {
        LOG.error("Unhandled error serving {}", exchange.getRequest().getPath(), ex);
        type = ProblemType.INTERNAL;
        detail = "internal error";
      }
    }
    return writer.write(exchange, ProblemWriter.problem(type, detail, exchange));
  }

  private static ProblemType forStatus(HttpStatusCode status) {
    if (status.value() == HttpStatus.NOT_FOUND.value()) {
      return ProblemType.NOT_FOUND;
    }
    if (status.value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
      return ProblemType.PAYLOAD_TOO_LARGE;
    }
    if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
      return ProblemType.UNAVAILABLE;
    }
    if (status.is4xxClientError()) {
      return ProblemType.INVALID_REQUEST;
    }
    return ProblemType.INTERNAL;
  }
}
