package io.trestle.app.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The relayer node this app runs, under {@code trestle.node.*}. Without {@code config-file} the app
 * runs no node and serves the API over its database ("api-only").
 *
 * @param configFile the relayer node's properties file (identity and EVM keys, committee, listen
 *     address, data directory, chains with RPC URLs and gateways; format in relayer/README.md)
 * @param ledgerQueue node events queued for the database at most; beyond, events are dropped,
 *     counted and the {@code ledger} health indicator turns DOWN
 * @param drainTimeout how long a graceful shutdown waits for queued node events to be written
 */
@Validated
@ConfigurationProperties("trestle.node")
public record NodeProperties(
    Path configFile,
    @Min(value = 100, message = "trestle.node.ledger-queue must be at least 100 (e.g. 10000)")
        @Max(value = 1_000_000, message = "trestle.node.ledger-queue must be at most 1000000")
        @DefaultValue("10000")
        int ledgerQueue,
    @NotNull @DefaultValue("10s") Duration drainTimeout) {

  /** Whether a relayer node is configured. */
  public boolean enabled() {
    return configFile != null && !configFile.toString().isBlank();
  }
}
