package io.trestle.consensus.net;

import io.trestle.proto.v1.Envelope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * An in-process network of n {@link Transport} endpoints with the Netty transport's delivery
 * semantics: per ordered pair a bounded FIFO queue (drop-oldest, counted), delivery on one thread
 * per receiver, and a receiver that can be killed (its queues fill and drop while the others keep
 * receiving). Test fixture for {@link TransportContract} and driver tests.
 */
public final class InMemoryNetwork implements AutoCloseable {
  private final int n;
  private final int capacity;
  private final Endpoint[] endpoints;
  public final LongAdder dropped = new LongAdder();

  public InMemoryNetwork(int n, int capacity) {
    this.n = n;
    this.capacity = capacity;
    this.endpoints = new Endpoint[n];
    for (int i = 0; i < n; i++) {
      endpoints[i] = new Endpoint(i);
    }
  }

  public Transport endpoint(int i) {
    return endpoints[i];
  }

  /** Replaces member i's endpoint by a fresh, unstarted one (a restarted process). */
  public Transport restart(int i) {
    endpoints[i].close();
    endpoints[i] = new Endpoint(i);
    return endpoints[i];
  }

  /** Stops delivering to {@code i} (as if its process died); messages to it queue and drop. */
  public void kill(int i) {
    endpoints[i].dead = true;
  }

  @Override
  public void close() {
    for (Endpoint e : endpoints) {
      e.close();
    }
  }

  private final class Endpoint implements Transport {
    private final int self;
    private final List<ArrayDeque<Envelope>> fromQueues = new ArrayList<>();
    private final ExecutorService deliverer;
    private volatile InboundHandler handler;
    private volatile boolean dead;

    Endpoint(int self) {
      this.self = self;
      for (int i = 0; i < n; i++) {
        fromQueues.add(new ArrayDeque<>());
      }
      this.deliverer =
          Executors.newSingleThreadExecutor(
              r -> Thread.ofPlatform().daemon().name("mem-net-" + self).unstarted(r));
    }

    @Override
    public int self() {
      return self;
    }

    @Override
    public int size() {
      return n;
    }

    @Override
    public void start(InboundHandler h) {
      if (handler != null) {
        throw new IllegalStateException("already started");
      }
      handler = h;
    }

    private void accept(int from, Envelope m) {
      ArrayDeque<Envelope> q = fromQueues.get(from);
      synchronized (q) {
        if (q.size() >= capacity) {
          q.pollFirst();
          dropped.increment();
        }
        q.addLast(m);
      }
      if (!dead && handler != null) {
        deliverer.execute(() -> drain(from));
      }
    }

    private void drain(int from) {
      ArrayDeque<Envelope> q = fromQueues.get(from);
      while (!dead) {
        Envelope m;
        synchronized (q) {
          m = q.pollFirst();
        }
        if (m == null) {
          return;
        }
        handler.onMessage(from, m);
      }
    }

    @Override
    public void send(int peer, Envelope message) {
      if (peer == self || peer < 0 || peer >= n) {
        throw new IllegalArgumentException("not a peer: " + peer);
      }
      if (handler == null) {
        throw new IllegalStateException("not started");
      }
      endpoints[peer].accept(self, message);
    }

    @Override
    public void broadcast(Envelope message) {
      for (int i = 0; i < n; i++) {
        if (i != self) {
          send(i, message);
        }
      }
    }

    @Override
    public void close() {
      dead = true;
      deliverer.shutdownNow();
      try {
        deliverer.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
