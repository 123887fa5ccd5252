package io.trestle.relayer.governor;

import io.trestle.relayer.contracts.GatewayMessage;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Off-chain flow control in front of delivery. Per (source chain, token) a value limit over a
 * sliding window: a message whose value would push the window's total over the limit is not refused
 * but DELAYED for a fixed {@code delay} in a visible queue, then released (released messages do not
 * count against the window: the delay is the protection). An admin may release a queued message
 * early; a paused source chain holds every one of its messages (PAUSED) until it is resumed.
 * Messages with no known value pass. Time enters as milliseconds, so the governor is deterministic;
 * thread-safe (synchronized).
 */
public final class Governor {
  /** What to do with a message now. */
  public sealed interface Decision {}

  /** Deliver now. */
  public record Release() implements Decision {}

  /** Queued until {@code releaseAtMs} (or an admin release). */
  public record Delayed(long releaseAtMs) implements Decision {}

  /** Queued while its source chain is paused. */
  public record Paused() implements Decision {}

  /** A limit per window. */
  public record Limit(BigInteger maxValue, Duration window) {}

  /** A queued message, as the admin API shows it. */
  public record Queued(GatewayMessage message, String id, String reason, long releaseAtMs) {}

  private record Key(long sourceChainId, long originChainId, String token) {}

  private record Entry(long atMs, BigInteger value, String id) {}

  private final Map<Key, Limit> limits = new HashMap<>();
  private final Map<Key, Deque<Entry>> windows = new HashMap<>();
  private final Map<String, Queued> queue = new LinkedHashMap<>();
  private final Set<Long> pausedChains = new HashSet<>();
  private final Duration delay;

  /**
   * @param delay how long a message over the limit waits
   */
  public Governor(Duration delay) {
    this.delay = delay;
  }

  /** Sets the limit of a token (native on {@code originChainId}) leaving {@code sourceChainId}. */
  public synchronized void setLimit(
      long sourceChainId, long originChainId, String token, Limit limit) {
    limits.put(
        new Key(sourceChainId, originChainId, GatewayMessage.normalizeAddress(token)), limit);
  }

  /** Decides on a message seen at {@code nowMs}; a delayed or paused one joins the queue. */
  public synchronized Decision admit(GatewayMessage m, long nowMs) {
    String id = GatewayMessage.toHex(m.id());
    Queued already = queue.get(id);
    if (already != null) { // admitted again after a restart: same decision
      return already.reason().equals("PAUSED") ? new Paused() : new Delayed(already.releaseAtMs());
    }
    if (pausedChains.contains(m.sourceChainId())) {
      queue.put(id, new Queued(m, id, "PAUSED", Long.MAX_VALUE));
      return new Paused();
    }
    Optional<TokenTransfer> t = TokenTransfer.of(m);
    if (t.isEmpty()) {
      return new Release();
    }
    Key key = new Key(m.sourceChainId(), t.get().originChainId(), t.get().originToken());
    Limit limit = limits.get(key);
    if (limit == null) {
      return new Release();
    }
    Deque<Entry> w = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
    long from = nowMs - limit.window().toMillis();
    while (!w.isEmpty() && w.peekFirst().atMs() <= from) {
      w.removeFirst();
    }
    if (w.stream().anyMatch(e -> e.id().equals(id))) {
      return new Release(); // admitted again after a restart: counted once
    }
    BigInteger used = w.stream().map(Entry::value).reduce(BigInteger.ZERO, BigInteger::add);
    if (used.add(t.get().amount()).compareTo(limit.maxValue()) > 0) {
      long at = nowMs + delay.toMillis();
      queue.put(id, new Queued(m, id, "DELAYED", at));
      return new Delayed(at);
    }
    w.addLast(new Entry(nowMs, t.get().amount(), id));
    return new Release();
  }

  /** Removes and returns the queued messages due at {@code nowMs} (not of a paused chain). */
  public synchronized List<GatewayMessage> releaseDue(long nowMs) {
    List<GatewayMessage> out = new ArrayList<>();
    var it = queue.values().iterator();
    while (it.hasNext()) {
      Queued q = it.next();
      if (q.releaseAtMs() <= nowMs && !pausedChains.contains(q.message().sourceChainId())) {
        out.add(q.message());
        it.remove();
      }
    }
    return out;
  }

  /** Admin release: removes a queued message and returns it for delivery now. */
  public synchronized Optional<GatewayMessage> release(String id) {
    Queued q = queue.remove(id.toLowerCase(java.util.Locale.ROOT));
    return q == null ? Optional.empty() : Optional.of(q.message());
  }

  /** The queue, oldest first. */
  public synchronized List<Queued> queue() {
    return List.copyOf(queue.values());
  }

  /** Holds every message from {@code chainId} until {@link #resume}. */
  public synchronized void pause(long chainId) {
    pausedChains.add(chainId);
  }

  /**
   * Resumes a chain: its paused messages are admitted again at {@code nowMs} and the ones that pass
   * are returned for delivery (the others stay queued, DELAYED).
   */
  public synchronized List<GatewayMessage> resume(long chainId, long nowMs) {
    pausedChains.remove(chainId);
    List<GatewayMessage> held = new ArrayList<>();
    var it = queue.values().iterator();
    while (it.hasNext()) {
      Queued q = it.next();
      if (q.message().sourceChainId() == chainId && q.reason().equals("PAUSED")) {
        held.add(q.message());
        it.remove();
      }
    }
    List<GatewayMessage> out = new ArrayList<>();
    for (GatewayMessage m : held) {
      if (admit(m, nowMs) instanceof Release) {
        out.add(m);
      }
    }
    return out;
  }

  /** True if messages from {@code chainId} are held. */
  public synchronized boolean isPaused(long chainId) {
    return pausedChains.contains(chainId);
  }

  /**
   * The mutable state (queue, sliding windows, paused chains) as text lines, for a durable store;
   * limits and the delay are configuration and not included. {@link #restore} is its inverse.
   */
  public synchronized String encodeState() {
    StringBuilder sb = new StringBuilder();
    for (long c : pausedChains) {
      sb.append("paused ").append(c).append('\n');
    }
    windows.forEach(
        (k, w) -> {
          for (Entry e : w) {
            sb.append("window ")
                .append(k.sourceChainId())
                .append(' ')
                .append(k.originChainId())
                .append(' ')
                .append(k.token())
                .append(' ')
                .append(e.atMs())
                .append(' ')
                .append(e.value())
                .append(' ')
                .append(e.id())
                .append('\n');
          }
        });
    for (Queued q : queue.values()) {
      sb.append("queued ")
          .append(q.reason())
          .append(' ')
          .append(q.releaseAtMs())
          .append(' ')
          .append(GatewayMessage.toHex(q.message().encode()))
          .append('\n');
    }
    return sb.toString();
  }

  /**
   * Replaces the mutable state with one saved by {@link #encodeState}.
   *
   * @throws IllegalArgumentException if {@code state} is not such text
   */
  public synchronized void restore(String state) {
    Set<Long> paused = new HashSet<>();
    Map<Key, Deque<Entry>> w = new HashMap<>();
    Map<String, Queued> q = new LinkedHashMap<>();
    for (String line : state.split("\n")) {
      String[] f = line.strip().split(" ");
      try {
        switch (f[0]) {
          case "" -> {}
          case "paused" -> paused.add(Long.parseLong(f[1]));
          case "window" ->
              w.computeIfAbsent(
                      new Key(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]),
                      k -> new ArrayDeque<>())
                  .addLast(new Entry(Long.parseLong(f[4]), new BigInteger(f[5]), f[6]));
          case "queued" -> {
            GatewayMessage m = GatewayMessage.decode(GatewayMessage.hex(f[3]));
            String id = GatewayMessage.toHex(m.id());
            q.put(id, new Queued(m, id, f[1], Long.parseLong(f[2])));
          }
          default -> throw new IllegalArgumentException("unknown governor state line: " + line);
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("bad governor state line: " + line, e);
      }
    }
    pausedChains.clear();
    pausedChains.addAll(paused);
    windows.clear();
    windows.putAll(w);
    queue.clear();
    queue.putAll(q);
  }
}
