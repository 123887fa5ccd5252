package io.trestle.consensus.driver;

import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.core.PeerId;
import io.trestle.verifier.ed25519.SignedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Signature checks between the transport and the driver's inbox. A message with few signatures that
 * arrives while nothing is queued is verified on the transport thread and forwarded at once (a
 * thread hand-off costs more than checking a vote or a proposal's QC). Anything else goes to the
 * verification thread: a bounded queue (full → dropped and counted), whose contents are
 * batch-verified at once and forwarded, in arrival order, to {@code next}. Either way the
 * signatures are checked off the driver's owner thread.
 */
final class Verification implements AutoCloseable {
  /** A decoded message; {@code receivedNanos} is when the transport handed it over. */
  record Item(PeerId from, EngineMessage message, long receivedNanos) {}

  private static final int MAX_BATCH = 256;

  /**
   * A message with at most this many signatures (a vote, a proposal's QC and TC in a committee of
   * up to ~20) is verified directly when the thread is idle; larger ones (sync responses,
   * handovers) always go to the batch.
   */
  static final int DIRECT_MAX_SIGNATURES = 32;

  private final SignaturePreverifier preverifier;
  private final BlockingQueue<Item> queue;
  private final Consumer<Item> next;
  private final DriverStats stats;
  private final Thread thread;
  private volatile boolean running = true;

  /** Items queued or in the batch being verified, not yet forwarded. */
  private final AtomicInteger pending = new AtomicInteger();

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

  /**
   * Verifies {@code item} on the calling (transport) thread and forwards it at once when nothing is
   * queued or being verified, which saves the hand-off to the verification thread on an unloaded
   * node; otherwise queues it for the next batch. Order per producer is kept: an item is forwarded
   * directly only when every item submitted before it has been forwarded.
   */
  void submit(Item item) {
    if (pending.get() == 0) {
      List<SignedMessage> sigs = new ArrayList<>();
      try {
        preverifier.collectAny(item.message(), sigs);
        if (sigs.size() <= DIRECT_MAX_SIGNATURES) {
          preverifier.check(sigs);
          next.accept(item);
          return;
        }
      } catch (RuntimeException e) {
        // As in a batch: its signatures stay unverified and the engine checks them itself.
        next.accept(item);
        return;
      }
    }
    queueForBatch(item);
  }

  private void queueForBatch(Item item) {
    pending.incrementAndGet();
    if (!queue.offer(item)) {
      pending.decrementAndGet();
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
        pending.addAndGet(-batch.size());
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
