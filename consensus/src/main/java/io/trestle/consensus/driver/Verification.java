package io.trestle.consensus.driver;

import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.core.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The verification thread between the transport and the driver's inbox: takes decoded messages from
 * a bounded queue (full → dropped and counted), batch-verifies the signatures of everything queued
 * at once, then forwards the messages, in arrival order, to {@code next}.
 */
final class Verification implements AutoCloseable {
  /** A decoded message; {@code receivedNanos} is when the transport handed it over. */
  record Item(PeerId from, EngineMessage message, long receivedNanos) {}

  private static final int MAX_BATCH = 256;
  private final SignaturePreverifier preverifier;
  private final BlockingQueue<Item> queue;
  private final Consumer<Item> next;
  private final DriverStats stats;
  private final Thread thread;
  private volatile boolean running = true;

  Verification(
      SignaturePreverifier preverifier, int capacity, Consumer<Item> next, DriverStats stats) {
    this.preverifier = preverifier;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.next = next;
    this.stats = stats;
    this.thread = Thread.ofPlatform().daemon().name("consensus-verify").unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  void submit(Item item) {
    if (!queue.offer(item)) {
      stats.droppedInbound.increment();
    }
  }

  private void run() {
    List<Item> batch = new ArrayList<>(MAX_BATCH);
    List<EngineMessage> msgs = new ArrayList<>(MAX_BATCH);
    while (running) {
      try {
        Item first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        for (Item i : batch) {
          msgs.add(i.message());
        }
        preverifier.preverifyAny(msgs);
        batch.forEach(next);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // A hostile message must not kill verification: its signatures stay unverified and the
        // engine checks them itself.
        batch.forEach(next);
      } finally {
        batch.clear();
        msgs.clear();
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
