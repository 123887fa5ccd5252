package io.trestle.relayer.watch;

import io.trestle.relayer.chain.BlockHeader;
import io.trestle.relayer.chain.ChainReader;
import io.trestle.relayer.chain.LogEntry;
import io.trestle.relayer.chain.RpcException;
import io.trestle.relayer.contracts.GatewayAbi;
import io.trestle.relayer.contracts.GatewayMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Follows one chain's gateway and reports its MessageSent logs once they have {@code confirmations}
 * blocks on top. Driven by {@link #poll()} (one bounded step, from one thread).
 *
 * <p>Re-orgs: only blocks at least {@code confirmations} deep are ever processed, so a re-org
 * shallower than the depth changes nothing. Each poll first checks that the last block it processed
 * is still canonical (same hash at that height); if not, a confirmed block was replaced or dropped:
 * the watcher halts for good (the halt is saved in the cursor), raises an alert, reports DOWN, and
 * reports nothing more from that chain. Each log's block hash is checked against the canonical
 * header of its block; a mismatch (an endpoint answering from another fork) reports nothing and
 * retries at the next poll.
 *
 * <p>The cursor is saved after the sink accepted a range, so a restart resumes exactly there.
 *
 * <p>One thread polls; {@link #health}, {@link #cursor} and {@link #rejectedLogs} may be read from
 * any thread (the fields they read are volatile, written by the polling thread only).
 */
public final class ChainWatcher {
  private final long chainId;
  private final String gateway;
  private final int confirmations;
  private final int maxRange;
  private final ChainReader rpc;
  private final CursorStore cursors;
  private final ObservationSink sink;
  private final Consumer<String> alerts;
  private final LongSupplier clockMillis;
  private final String topic = GatewayMessage.toHex(GatewayAbi.MESSAGE_SENT_TOPIC);

  private volatile Cursor cursor;
  private volatile long head = -1;
  private volatile long rpcErrors;
  private volatile long rejectedLogs;
  private volatile String lastError = "";

  /**
   * @param startBlock first block to scan when no cursor was saved yet
   * @param alerts receives one line per alert (halt, rejected log)
   */
  public ChainWatcher(
      long chainId,
      String gateway,
      int confirmations,
      int maxRange,
      long startBlock,
      ChainReader rpc,
      CursorStore cursors,
      ObservationSink sink,
      Consumer<String> alerts,
      LongSupplier clockMillis) {
    if (confirmations < 0 || maxRange < 1) {
      throw new IllegalArgumentException("confirmations >= 0 and maxRange >= 1");
    }
    this.chainId = chainId;
    this.gateway = GatewayMessage.normalizeAddress(gateway);
    this.confirmations = confirmations;
    this.maxRange = maxRange;
    this.rpc = rpc;
    this.cursors = cursors;
    this.sink = sink;
    this.alerts = alerts;
    this.clockMillis = clockMillis;
    this.cursor = cursors.load(chainId).orElse(Cursor.startingAt(startBlock));
  }

  /**
   * Processes at most one range of confirmed blocks. Returns true if it advanced the cursor (the
   * caller may poll again at once to catch up), false if it is caught up, failed or halted.
   */
  public boolean poll() {
    if (cursor.halted()) {
      return false;
    }
    try {
      return step();
    } catch (RpcException e) {
      rpcErrors++;
      lastError = e.getMessage();
      return false;
    }
  }

  private boolean step() {
    head = rpc.blockNumber();
    long next = cursor.nextBlock();
    if (cursor.lastHash() != null) {
      String now = head < next - 1 ? "absent (head " + head + ")" : rpc.header(next - 1).hash();
      if (!now.equals(cursor.lastHash())) {
        halt(
            "re-org deeper than "
                + confirmations
                + " confirmations: processed block "
                + (next - 1)
                + " was "
                + cursor.lastHash()
                + ", is now "
                + now);
        return false;
      }
    }
    long safe = head - confirmations;
    if (safe < next) {
      lastError = "";
      return false;
    }
    long to = Math.min(safe, next + maxRange - 1);
    if (cursor.lastHash() != null && !rpc.header(next).parentHash().equals(cursor.lastHash())) {
      lastError = "block " + next + " does not extend the processed chain; retrying";
      return false;
    }
    List<LogEntry> logs = rpc.logs(next, to, gateway, topic);
    BlockHeader last = rpc.header(to);
    Map<Long, String> canonical = new HashMap<>();
    canonical.put(to, last.hash());
    List<Observation> out = new ArrayList<>();
    for (LogEntry log : logs) {
      if (log.removed() || log.blockNumber() < next || log.blockNumber() > to) {
        lastError = "inconsistent log range from endpoint; retrying";
        return false;
      }
      String hash = canonical.computeIfAbsent(log.blockNumber(), n -> rpc.header(n).hash());
      if (!hash.equals(log.blockHash())) {
        lastError = "log of block " + log.blockNumber() + " is from another fork; retrying";
        return false;
      }
      decode(log).ifPresent(out::add);
    }
    sink.accept(chainId, out);
    cursor = new Cursor(to + 1, last.hash(), null);
    cursors.save(chainId, cursor);
    lastError = "";
    return true;
  }

  private java.util.Optional<Observation> decode(LogEntry log) {
    try {
      GatewayMessage m = GatewayMessage.decode(GatewayMessage.hex(log.data()));
      byte[] id = m.id();
      boolean consistent =
          log.topics().size() == 3
              && Arrays.equals(GatewayMessage.hex(log.topics().get(1)), id)
              && m.sourceChainId() == chainId
              && m.sourceGateway().equals(gateway)
              && GatewayMessage.hex(log.topics().get(2)).length == 32
              && new java.math.BigInteger(1, GatewayMessage.hex(log.topics().get(2))).longValue()
                  == m.nonce();
      if (!consistent) {
        reject(log, "id, nonce or source does not match the message");
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(
          new Observation(
              m,
              GatewayMessage.toHex(id),
              log.blockNumber(),
              log.blockHash(),
              log.txHash(),
              log.logIndex(),
              head - log.blockNumber(),
              clockMillis.getAsLong()));
    } catch (IllegalArgumentException e) {
      reject(log, e.getMessage());
      return java.util.Optional.empty();
    }
  }

  private void reject(LogEntry log, String why) {
    rejectedLogs++;
    alerts.accept(
        "chain "
            + chainId
            + ": rejected MessageSent log "
            + log.txHash()
            + "#"
            + log.logIndex()
            + ": "
            + why);
  }

  private void halt(String reason) {
    cursor = new Cursor(cursor.nextBlock(), cursor.lastHash(), reason);
    cursors.save(chainId, cursor);
    alerts.accept("chain " + chainId + " HALTED: " + reason);
    sink.halted(chainId, reason);
  }

  /** Current health. */
  public WatcherHealth health() {
    WatcherHealth.Status status =
        cursor.halted()
            ? WatcherHealth.Status.DOWN
            : lastError.isEmpty() ? WatcherHealth.Status.UP : WatcherHealth.Status.DEGRADED;
    return new WatcherHealth(
        chainId,
        status,
        head,
        cursor.nextBlock(),
        rpcErrors,
        cursor.halted() ? cursor.haltReason() : lastError);
  }

  /** The current cursor. */
  public Cursor cursor() {
    return cursor;
  }

  /** Logs rejected as malformed or inconsistent since start. */
  public long rejectedLogs() {
    return rejectedLogs;
  }
}
