package io.trestle.app.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.trestle.app.service.MessageCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans of the REST API sized by {@code trestle.api.*}. */
@Configuration(proxyBeanMethods = false)
public class ApiConfiguration {

  @Bean
  MessageCache messageCache(TrestleProperties properties, MeterRegistry meters) {
    TrestleProperties.Cache cache = properties.api().cache();
    return new MessageCache(cache.maxEntries(), cache.maxBytes().toBytes(), meters);
  }
}
