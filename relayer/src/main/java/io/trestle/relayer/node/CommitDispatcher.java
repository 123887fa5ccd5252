package io.trestle.relayer.node;

import io.trestle.consensus.core.Block;
import io.trestle.relayer.contracts.Attestation;
import io.trestle.relayer.contracts.GatewayAbi;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.deliver.Batch;
import io.trestle.relayer.deliver.DeliveryReport;
import io.trestle.relayer.governor.Governor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a relayer node does with committed blocks, on its own {@code relayer-dispatch} thread in
 * height order: forgets their messages from the {@link ObservationJournal}, groups them per
 * destination chain into {@link Batch}es, lets the {@link Governor} admit each message (held ones
 * are kept with their batch in the {@link GovernorStore} and reported {@code delayed}) and hands
 * each batch to its {@link ChainLane}. Lanes report back on their delivery threads; a height is
 * finished in {@link DeliveryProgress} when all its batches are. Every {@code releaseDue} poll
 * (about 4 per second) hands released messages to their lanes.
 */
final class CommitDispatcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(CommitDispatcher.class.getName());

  /**
   * Topic of {@code MessageExecuted(bytes32 indexed id, bool success)} as TrestleGateway.sol
   * declares it (GatewayAbi's constant hashes a signature without the bool).
   */
  static final byte[] MESSAGE_EXECUTED_TOPIC =
      io.trestle.relayer.contracts.Abi.keccak(
          "MessageExecuted(bytes32,bool)".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

  private final Map<Long, ChainLane> lanes;
  private final NodeListener listener;
  private final DeliveryProgress progress;
  private final ObservationJournal observations;
  private final GovernorStore governor;
  private final LinkedBlockingQueue<Block> commits = new LinkedBlockingQueue<>();
  private final Map<Long, Integer> outstanding = new ConcurrentHashMap<>();
  private final Map<String, List<byte[]>> batchIds = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable halted;

  /**
   * Starts the dispatch thread; {@code unfinished} (committed before a restart, not finished) are
   * dispatched first, and the governor's released-but-undelivered messages are handed out.
   */
  CommitDispatcher(
      Map<Long, ChainLane> lanes,
      NodeListener listener,
      DeliveryProgress progress,
      ObservationJournal observations,
      GovernorStore governor,
      List<Block> unfinished) {
    this.lanes = lanes;
    this.listener = listener;
    this.progress = progress;
    this.observations = observations;
    this.governor = governor;
    commits.addAll(unfinished);
    for (GovernorStore.Work w : governor.releasedPending()) {
      deliverReleased(w);
    }
    thread = Thread.ofPlatform().name("relayer-dispatch").start(this::dispatch);
  }

  /** A block the driver committed; any thread, never blocks. */
  void committed(Block block) {
    commits.add(block);
  }

  /** Why dispatching stopped (the node's state could not be saved), if it did. */
  Optional<Throwable> halted() {
    return Optional.ofNullable(halted);
  }

  /** Admin release: hands a held message to its lane; false if it is not held here. */
  boolean release(String messageId) throws IOException {
    List<GovernorStore.Work> work = governor.release(messageId);
    work.forEach(this::deliverReleased);
    return !work.isEmpty();
  }

  /** Admin pause of a source chain: its messages are held by the governor until resumed. */
  void pause(long chainId) throws IOException {
    governor.pause(chainId);
  }

  /** Admin resume: the chain's held messages that pass the governor go to their lanes now. */
  int resume(long chainId) throws IOException {
    List<GovernorStore.Work> work = governor.resume(chainId, System.currentTimeMillis());
    work.forEach(this::deliverReleased);
    return work.stream().mapToInt(w -> w.indices().cardinality()).sum();
  }

  private void dispatch() {
    while (running) {
      try {
        Block b = commits.poll(250, TimeUnit.MILLISECONDS);
        if (b != null) {
          dispatch(b);
        }
        for (GovernorStore.Work w : governor.releaseDue(System.currentTimeMillis())) {
          deliverReleased(w);
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException | UncheckedIOException e) {
        // Durable state cannot be written: stop delivering rather than lose track of it.
        halted = e;
        LOG.log(System.Logger.Level.ERROR, "relayer state not saved, delivery stopped: " + e, e);
        return;
      } catch (RuntimeException e) {
        halted = e; // a bug: stop visibly (RelayerNode.halted) rather than deliver out of order
        LOG.log(System.Logger.Level.ERROR, "relayer dispatch failed, delivery stopped: " + e, e);
        return;
      }
    }
  }

  /** Groups one committed block per destination chain, applies the governor, hands out batches. */
  private void dispatch(Block b) throws IOException {
    long h = b.height();
    List<GatewayMessage> messages = new ArrayList<>();
    for (var m : b.messages()) {
      try {
        messages.add(GatewayMessage.fromCanonical(m));
      } catch (IllegalArgumentException e) { // the oracle never votes for one: a faulty quorum
        LOG.log(System.Logger.Level.ERROR, "height " + h + ": undeliverable message: " + e);
      }
    }
    observations.committed(messages.stream().map(g -> GatewayMessage.toHex(g.id())).toList());
    if (h <= progress.floor()) {
      return;
    }
    Map<Long, List<GatewayMessage>> byDest = new LinkedHashMap<>();
    for (GatewayMessage g : messages) {
      if (lanes.containsKey(g.destChainId())) {
        byDest.computeIfAbsent(g.destChainId(), k -> new ArrayList<>()).add(g);
      } else {
        LOG.log(System.Logger.Level.WARNING, "height " + h + ": no chain " + g.destChainId());
      }
    }
    List<Batch> todo = new ArrayList<>();
    for (var e : byDest.entrySet()) {
      if (!progress.isDone(h, e.getKey())) {
        todo.add(new Batch(e.getKey(), b.header().epoch(), h, e.getValue()));
      }
    }
    if (todo.isEmpty()) {
      progress.finished(h, !byDest.isEmpty());
      return;
    }
    outstanding.put(h, todo.size());
    // The block's timestamp is the proposer's engine clock, not wall time: the governor's windows
    // and release times use this node's wall clock at dispatch (the same block reaches every
    // member within moments, so their decisions agree except at a window's edge).
    long at = System.currentTimeMillis();
    for (Batch batch : todo) {
      BitSet release = new BitSet();
      BitSet hold = new BitSet();
      for (int i = 0; i < batch.messages().size(); i++) {
        if (governor.isHeld(batch, i)) {
          continue; // held before a restart
        }
        GatewayMessage m = batch.messages().get(i);
        switch (governor.governor().admit(m, at)) {
          case Governor.Release r -> release.set(i);
          case Governor.Delayed d -> {
            hold.set(i);
            delayed(m, d.releaseAtMs());
          }
          case Governor.Paused p -> {
            hold.set(i);
            delayed(m, Long.MAX_VALUE);
          }
        }
      }
      governor.hold(batch, hold);
      batchIds.put(key(batch), ids(batch));
      lanes.get(batch.destChainId()).deliver(batch, release, this::batchDelivered);
    }
  }

  private void delayed(GatewayMessage m, long releaseAtMs) {
    var t = io.trestle.relayer.governor.TokenTransfer.of(m);
    listener.delayed(
        m.id(),
        m.sourceChainId(),
        t.map(x -> GatewayMessage.hex(x.originToken())).orElse(new byte[20]),
        t.map(io.trestle.relayer.governor.TokenTransfer::amount).orElse(java.math.BigInteger.ZERO),
        releaseAtMs == Long.MAX_VALUE
            ? java.time.Instant.MAX
            : java.time.Instant.ofEpochMilli(releaseAtMs));
  }

  private void deliverReleased(GovernorStore.Work w) {
    lanes
        .get(w.batch().destChainId())
        .deliver(
            w.batch(),
            w.indices(),
            (batch, indices, report) -> {
              report(batch, indices, report);
              try {
                governor.delivered(w);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  private static String key(Batch b) {
    return b.destChainId() + "/" + b.height();
  }

  private static List<byte[]> ids(Batch b) {
    List<byte[]> ids = new ArrayList<>();
    for (int i = 0; i < b.messages().size(); i++) {
      ids.add(b.id(i));
    }
    return ids;
  }

  /** Delivery thread: a batch's root and released messages are on chain. */
  private void batchDelivered(Batch batch, BitSet indices, Optional<DeliveryReport> report) {
    report(batch, indices, report);
    progress.done(batch.height(), batch.destChainId());
    batchIds.remove(key(batch));
    if (outstanding.merge(batch.height(), -1, Integer::sum) == 0) {
      outstanding.remove(batch.height());
      progress.finished(batch.height(), true);
    }
  }

  private void report(Batch batch, BitSet indices, Optional<DeliveryReport> report) {
    ChainLane lane = lanes.get(batch.destChainId());
    for (int i = indices.nextSetBit(0); i >= 0; i = indices.nextSetBit(i + 1)) {
      byte[] id = batch.id(i);
      String hex = GatewayMessage.toHex(id);
      Optional<String> ours = report.map(r -> r.txHashes().get(hex));
      boolean failed =
          report.isPresent() && ours.isPresent()
              ? report.get().failed().contains(hex)
              : lane.status(id) == GatewayAbi.Status.FAILED;
      String tx =
          ours.orElseGet(
              () ->
                  lane.executionTx(
                      id, failed ? GatewayAbi.MESSAGE_FAILED_TOPIC : MESSAGE_EXECUTED_TOPIC));
      if (failed) {
        listener.failed(id, batch.destChainId(), "receiver reverted (recorded for retry) in " + tx);
      } else {
        listener.delivered(id, batch.destChainId(), tx);
      }
    }
  }

  /** The signature collector saw a quorum for {@code a}. */
  void attested(Attestation a) {
    List<byte[]> ids = batchIds.get(a.destChainId() + "/" + a.height());
    listener.attested(a.destChainId(), a.epoch(), a.height(), ids == null ? List.of() : ids);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
