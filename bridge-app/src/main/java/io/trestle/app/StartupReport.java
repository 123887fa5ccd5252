package io.trestle.app;

import io.trestle.app.config.TrestleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Prints where the node listens once a web server is up (API and, separately, management). */
@Component
class StartupReport implements ApplicationListener<WebServerInitializedEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

  private final TrestleProperties properties;

  StartupReport(TrestleProperties properties) {
    this.properties = properties;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    int port = event.getWebServer().getPort();
    String namespace = event.getApplicationContext().getServerNamespace();
    if ("management".equals(namespace)) {
      LOG.info("Trestle management on http://127.0.0.1:{}/actuator (health, prometheus)", port);
    } else {
      LOG.info(
          "Trestle API listening on http://127.0.0.1:{}/v1 (OpenAPI: /v1/openapi.yaml; admin"
              + " API {})",
          port,
          properties.admin().enabled() ? "enabled" : "disabled");
    }
  }
}
