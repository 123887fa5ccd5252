package io.trestle.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A Trestle node. With no configuration it starts an embedded PostgreSQL and serves the REST/SSE
 * API over it ({@code java -jar trestle-bridge-app.jar}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TrestleApplication {

  /** Starts the node; arguments are Spring Boot's ({@code --server.port=8080} etc.). */
  public static void main(String[] args) {
    SpringApplication.run(TrestleApplication.class, args);
  }
}
