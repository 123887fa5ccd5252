package io.trestle.app.node;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The relayer node this app runs, under {@code trestle.node.*}: either {@code config-file} (the
 * relayer's own properties file, which also sets timing, fee caps and governor limits) or the
 * fields {@code identity-key}, {@code evm-key}, {@code committee}, {@code listen}, {@code data-dir}
 * and {@code chains} (with default timing and fee caps, no governor limit). With neither the app
 * runs no node and serves the API over its database ("api-only").
 *
 * @param configFile the relayer node's properties file (format: relayer/README.md)
 * @param identityKey file of this node's Ed25519 identity key (PKCS#8, mode 600)
 * @param evmKey file of this node's secp256k1 key (hex, mode 600)
 * @param committee committee file (format: relayer/README.md)
 * @param listen host:port this node accepts its peers on
 * @param dataDir consensus storage, cursors, journals (and the embedded database by default)
 * @param peers member index → host:port to dial instead of the committee file's endpoint
 * @param chains chains this node watches and delivers to
 * @param ledgerQueue node events queued for the database at most; beyond, events are dropped,
 *     counted and the {@code ledger} health indicator turns DOWN
 * @param drainTimeout how long a graceful shutdown waits for queued node events to be written
 */
@Validated
@ConfigurationProperties("trestle.node")
public record NodeProperties(
    Path configFile,
    Path identityKey,
    Path evmKey,
    Path committee,
    String listen,
    Path dataDir,
    @NotNull @DefaultValue Map<Integer, String> peers,
    @Valid @NotNull @DefaultValue List<Chain> chains,
    @Min(value = 100, message = "trestle.node.ledger-queue must be at least 100 (e.g. 10000)")
        @Max(value = 1_000_000, message = "trestle.node.ledger-queue must be at most 1000000")
        @DefaultValue("10000")
        int ledgerQueue,
    @NotNull @DefaultValue("10s") Duration drainTimeout) {

  /**
   * @param chainId EIP-155 chain id (checked against the RPC endpoint at start)
   * @param rpcUrls JSON-RPC endpoints in fail-over order
   * @param gateway the TrestleGateway address on this chain
   * @param confirmations blocks on top of a MessageSent log before it counts as observed
   * @param startBlock first block scanned when the watcher has no cursor yet
   */
  public record Chain(
      long chainId,
      @NotNull @DefaultValue List<URI> rpcUrls,
      String gateway,
      @Min(value = 0, message = "trestle.node.chains[].confirmations must be 0 or more (e.g. 12)")
          @DefaultValue("12")
          int confirmations,
      @Min(value = 0, message = "trestle.node.chains[].start-block must be 0 or more")
          @DefaultValue("0")
          long startBlock) {}

  /** Whether a relayer node is configured (by file or by fields). */
  public boolean enabled() {
    return configFile != null || identityKey != null;
  }
}
