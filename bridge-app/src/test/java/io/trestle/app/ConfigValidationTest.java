package io.trestle.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trestle.app.config.TrestleProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/** {@code trestle.*} is validated the way Boot binds it at start-up. */
class ConfigValidationTest {

  private static TrestleProperties bind(Map<String, String> values) {
    var validator = new LocalValidatorFactoryBean();
    validator.afterPropertiesSet();
    var handler =
        new ValidationBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler(), validator);
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate(
            "trestle",
            org.springframework.boot.context.properties.bind.Bindable.of(TrestleProperties.class),
            handler);
  }

  private static String failure(Map<String, String> values) {
    try {
      bind(values);
    } catch (BindException e) {
      Throwable t = e;
      StringBuilder all = new StringBuilder();
      while (t != null) {
        all.append(t.getMessage()).append('\n');
        t = t.getCause();
      }
      return all.toString();
    }
    throw new AssertionError("expected a validation failure for " + values);
  }

  @Test
  void emptyConfigurationIsValidAndMeansEmbeddedDatabaseAndNoAdmin() {
    TrestleProperties p = bind(Map.of());
    assertThat(p.db().external()).isFalse();
    assertThat(p.admin().enabled()).isFalse();
    assertThat(p.db().byIdReadsInFlight()).isEqualTo(2);
    assertThat(p.api().maxPageSize()).isEqualTo(100);
    assertThat(p.api().cache().maxEntries()).isEqualTo(10_000);
    assertThat(p.api().cache().maxBytes().toMegabytes()).isEqualTo(64);
    assertThat(p.chains()).isEmpty();
  }

  @Test
  void eachBadValueIsRefusedWithAMessageNamingThePropertyAndTheFix() {
    assertThat(failure(Map.of("trestle.admin.token", "short")))
        .contains("trestle.admin.token must be at least 24 characters");
    assertThat(failure(Map.of("trestle.db.url", "postgres://x")))
        .contains("trestle.db.url must be an R2DBC PostgreSQL URL");
    assertThat(failure(Map.of("trestle.db.by-id-reads-in-flight", "0")))
        .contains("trestle.db.by-id-reads-in-flight must be at least 1");
    assertThat(failure(Map.of("trestle.db.by-id-reads-in-flight", "33")))
        .contains("trestle.db.by-id-reads-in-flight must be at most 32");
    assertThat(failure(Map.of("trestle.api.max-page-size", "5000")))
        .contains("trestle.api.max-page-size must be at most 1000");
    assertThat(
            failure(
                Map.of("trestle.api.default-page-size", "50", "trestle.api.max-page-size", "10")))
        .contains("trestle.api.default-page-size must not exceed trestle.api.max-page-size");
    assertThat(failure(Map.of("trestle.api.cache.max-entries", "-1")))
        .contains("trestle.api.cache.max-entries must be 0 (off) or more");
    assertThat(failure(Map.of("trestle.api.cache.max-bytes", "10B")))
        .contains("trestle.api.cache.max-bytes must be at least 1KB");
    assertThat(failure(Map.of("trestle.chains[0].chain-id", "0", "trestle.chains[0].name", "a")))
        .contains("trestle.chains[].chain-id must be a positive EIP-155 chain id");
    assertThat(
            failure(
                Map.of("trestle.chains[0].chain-id", "1", "trestle.chains[0].name", "Bad Name")))
        .contains("trestle.chains[].name must be lower-case letters");
    assertThat(
            failure(
                Map.of(
                    "trestle.chains[0].chain-id", "5",
                    "trestle.chains[0].name", "a",
                    "trestle.chains[1].chain-id", "5",
                    "trestle.chains[1].name", "b")))
        .contains("trestle.chains[].chain-id must be unique");
  }

  @Test
  void nonNumericValueIsABindError() {
    assertThatThrownBy(() -> bind(Map.of("trestle.db.pool-size", "many")))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("trestle.db.pool-size");
  }
}
