package io.trestle.app.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Node configuration under {@code trestle.*}, validated at start-up: a wrong value stops the node
 * with a message naming the property and how to fix it.
 *
 * @param db database: external by URL, or embedded when no URL is set
 * @param admin admin API (disabled without a token)
 * @param api REST/SSE limits
 * @param health thresholds of the health indicators
 * @param chains source/destination chains this node knows (listed by {@code GET /v1/chains})
 */
@Validated
@ConfigurationProperties("trestle")
public record TrestleProperties(
    @Valid @NotNull @DefaultValue Db db,
    @Valid @NotNull @DefaultValue Admin admin,
    @Valid @NotNull @DefaultValue Api api,
    @Valid @NotNull @DefaultValue Health health,
    @Valid @NotNull @DefaultValue List<Chain> chains) {

  /**
   * @param url R2DBC URL of an external PostgreSQL (e.g. {@code
   *     r2dbc:postgresql://db:5432/trestle}); when empty (and {@code spring.r2dbc.url} is empty
   *     too) an embedded PostgreSQL is started
   * @param jdbcUrl JDBC URL for the schema migrations; derived from {@code url} when empty
   * @param username database user of an external database
   * @param password database password of an external database
   * @param poolSize maximum R2DBC connections
   * @param byIdReadsInFlight most statements reading messages by id ({@code GET /v1/messages/{id}})
   *     at once, each on a connection of their own (besides {@code poolSize}); reads arriving
   *     beyond wait and share the next statement
   * @param embeddedDataDir data directory of the embedded PostgreSQL, kept across restarts; empty =
   *     a temporary directory deleted at exit
   */
  public record Db(
      @Pattern(
              regexp = "^$|^r2dbc:(pool:)?postgres(ql)?://.+",
              message =
                  "trestle.db.url must be an R2DBC PostgreSQL URL such as"
                      + " r2dbc:postgresql://host:5432/trestle, or empty for the embedded database")
          String url,
      @Pattern(
              regexp = "^$|^jdbc:postgresql://.+",
              message =
                  "trestle.db.jdbc-url must be a JDBC PostgreSQL URL such as"
                      + " jdbc:postgresql://host:5432/trestle, or empty to derive it from"
                      + " trestle.db.url")
          String jdbcUrl,
      String username,
      String password,
      @Min(value = 2, message = "trestle.db.pool-size must be at least 2 (e.g. 20)")
          @Max(value = 500, message = "trestle.db.pool-size must be at most 500")
          @DefaultValue("20")
          int poolSize,
      @Min(value = 1, message = "trestle.db.by-id-reads-in-flight must be at least 1 (e.g. 2)")
          @Max(value = 32, message = "trestle.db.by-id-reads-in-flight must be at most 32 (e.g. 2)")
          @DefaultValue("2")
          int byIdReadsInFlight,
      Path embeddedDataDir) {

    /** Whether an external database is configured. */
    public boolean external() {
      return url != null && !url.isBlank();
    }
  }

  /**
   * @param token bearer token of the admin API ({@code Authorization: Bearer <token>}); the admin
   *     API refuses every call when it is empty
   */
  public record Admin(
      @Size(
              min = 24,
              message =
                  "trestle.admin.token must be at least 24 characters (e.g. the output of"
                      + " `openssl rand -hex 32`), or unset to disable the admin API")
          String token) {

    /** Whether the admin API accepts calls. */
    public boolean enabled() {
      return token != null && !token.isEmpty();
    }
  }

  /**
   * @param defaultPageSize page size of {@code GET /v1/messages} without {@code limit}
   * @param maxPageSize largest {@code limit} accepted (above: 400)
   * @param sseHeartbeat interval of SSE keep-alive comments
   * @param sseBuffer events buffered per slow SSE subscriber before it is disconnected
   * @param cache cache of rendered {@code GET /v1/messages/{id}} resources
   */
  public record Api(
      @Min(value = 1, message = "trestle.api.default-page-size must be at least 1 (e.g. 20)")
          @DefaultValue("20")
          int defaultPageSize,
      @Min(value = 1, message = "trestle.api.max-page-size must be at least 1 (e.g. 100)")
          @Max(value = 1000, message = "trestle.api.max-page-size must be at most 1000")
          @DefaultValue("100")
          int maxPageSize,
      @NotNull @DefaultValue("15s") Duration sseHeartbeat,
      @Min(value = 16, message = "trestle.api.sse-buffer must be at least 16 (e.g. 256)")
          @DefaultValue("256")
          int sseBuffer,
      @Valid @NotNull @DefaultValue Cache cache) {

    @AssertTrue(message = "trestle.api.default-page-size must not exceed trestle.api.max-page-size")
    boolean isDefaultWithinMax() {
      return defaultPageSize <= maxPageSize;
    }
  }

  /**
   * Bounded cache of rendered message resources ({@code GET /v1/messages/{id}}), least recently
   * used evicted first; kept exact by invalidation on every write to a message (the node is the
   * only writer of its database). Its hit rate depends on how often the same messages are read
   * again before they are evicted: high for clients polling recent messages, low for reads spread
   * evenly over more messages than it holds.
   *
   * @param maxEntries most messages cached; 0 disables the cache
   * @param maxBytes most bytes of rendered resources cached (JSON and protobuf counted)
   */
  public record Cache(
      @Min(
              value = 0,
              message = "trestle.api.cache.max-entries must be 0 (off) or more (e.g. 10000)")
          @Max(
              value = 10_000_000,
              message = "trestle.api.cache.max-entries must be at most 10000000")
          @DefaultValue("10000")
          int maxEntries,
      @NotNull @DefaultValue("64MB") DataSize maxBytes) {

    @AssertTrue(message = "trestle.api.cache.max-bytes must be at least 1KB (e.g. 64MB)")
    boolean isMaxBytesAtLeastOneKilobyte() {
      return maxBytes == null || maxBytes.toBytes() >= 1024;
    }
  }

  /**
   * @param maxChainLag a chain whose confirmed height trails its head by more blocks is DOWN
   * @param maxCommitAge a consensus node whose last commit is older is DOWN
   */
  public record Health(
      @Positive(message = "trestle.health.max-chain-lag must be positive (e.g. 64)")
          @DefaultValue("64")
          long maxChainLag,
      @NotNull @DefaultValue("60s") Duration maxCommitAge) {}

  /**
   * @param chainId EIP-155 chain id
   * @param name short name shown by the API
   * @param rpcUrls JSON-RPC endpoints, in fail-over order
   * @param confirmations blocks on top of a log before it counts as observed
   */
  public record Chain(
      @Positive(
              message =
                  "trestle.chains[].chain-id must be a positive EIP-155 chain id (e.g. 31337)")
          long chainId,
      @NotBlank(message = "trestle.chains[].name must be set (e.g. devnet-a)")
          @Pattern(
              regexp = "[a-z0-9][a-z0-9-]{0,62}",
              message =
                  "trestle.chains[].name must be lower-case letters, digits and dashes (e.g."
                      + " devnet-a)")
          String name,
      @NotNull @DefaultValue List<URI> rpcUrls,
      @Min(value = 0, message = "trestle.chains[].confirmations must be 0 or more (e.g. 12)")
          @Max(value = 10_000, message = "trestle.chains[].confirmations must be at most 10000")
          @DefaultValue("12")
          int confirmations) {}

  @AssertTrue(message = "trestle.chains[].chain-id must be unique: a chain is listed twice")
  boolean isChainIdsUnique() {
    var seen = new HashSet<Long>();
    return chains.stream().allMatch(c -> seen.add(c.chainId()));
  }
}
