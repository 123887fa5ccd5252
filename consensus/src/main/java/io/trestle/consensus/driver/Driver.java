package io.trestle.consensus.driver;

import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.ConsensusEngine;
import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.Input;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.core.SafetyRecord;
import io.trestle.consensus.hotstuff.HotStuffMessage;
import io.trestle.consensus.net.Transport;
import io.trestle.consensus.store.BlockStore;
import io.trestle.consensus.store.Wal;
import io.trestle.proto.v1.Envelope;
import io.trestle.proto.v1.WalEntry;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one {@link ConsensusEngine} as a node: one owner thread drains a bounded inbox, calls {@code
 * handle}, and executes the returned actions in order. {@link Action.PersistSafety} is saved to the
 * {@link Wal} and fsynced before the same output's {@code Send}/{@code Broadcast} reach the
 * transport (both happen on the owner thread, in order); {@link Action.Commit} is appended to the
 * {@link BlockStore} before the next {@code handle} call, and fsynced by a separate thread ({@code
 * consensus-store-sync}) after each step that committed, while the owner thread goes on (the owner
 * syncs itself only when {@value #MAX_UNSYNCED_BLOCKS} blocks are pending): a commit is a fact of
 * the committee (its QC), not of this disk, so a block lost to a machine crash is fetched again by
 * block sync, while votes stay covered by the WAL's fsync.
 *
 * <p>Inbound envelopes are decoded and their signatures verified off the owner thread before they
 * enter the inbox: on the transport thread when nothing is queued, else batched on a verification
 * thread ({@link Verification}, {@link SignaturePreverifier}); a full queue drops and counts.
 * Timers are kept by the owner thread itself (a map of deadlines polled between inputs), so a timer
 * can never be lost to inbox overflow. An I/O error on the WAL or block store, or an engine
 * invariant failure, halts the driver: the node must restart from disk.
 */
public final class Driver implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Driver.class.getName());

  /**
   * Commits written but not yet fsynced before the owner thread syncs itself (the block store's
   * sync thread lags that far only when the disk is very slow).
   */
  static final int MAX_UNSYNCED_BLOCKS = 256;

  /** What the owner thread consumes. */
  private sealed interface Event {
    record Message(PeerId from, EngineMessage message, long receivedNanos) implements Event {}

    record Payload(List<CrossChainMessage> messages) implements Event {}

    record Observed() implements Event {}
  }

  /** A commit as the node saw it; {@code atMs} is the wall clock when it was stored. */
  public record Committed(Block block, QuorumCertificate proof, long atMs) {}

  private final ConsensusEngine engine;
  private final java.util.function.Function<SafetyRecord, byte[]> encodeSafety;
  private final Transport transport;
  private final Wal wal;
  private final BlockStore blocks;
  private final Optional<SafetyRecord> restored;
  private final List<PeerId> peers;
  private final Map<PeerId, Integer> indexOf = new HashMap<>();
  private final SignaturePreverifier preverifier;
  private final Consumer<Committed> onCommit;
  private final DriverStats stats = new DriverStats();
  private final BlockingQueue<Event> inbox;
  private final Verification verification;
  private final Map<Long, Long> timers = new HashMap<>();
  private final Thread owner;
  private final Thread storeSyncer;
  private final Semaphore syncRequests = new Semaphore(0);
  private final long origin = System.nanoTime();
  private final ActionEvents events = new ActionEvents(stats);
  private final ProtoBlocks protoBlocks = new ProtoBlocks(64);
  private final List<Action.Commit> commits = new java.util.ArrayList<>();
  private volatile boolean running = true;
  private volatile Throwable halted;
  private volatile long committedHeight;
  private volatile Hash32 committedHash = Hash32.ZERO;
  private volatile String described = "not started";
  private long describedAt;

  /**
   * @param peers PeerId of member i at index i (the transport's signer indices)
   * @param restoredWal what {@link Wal#open} found; its last entry is the saved safety record
   * @param decodeSafety the engine's inverse of {@link SafetyRecord#encode()}
   * @param onCommit called on the owner thread after each stored commit; must not block
   */
  public Driver(
      ConsensusEngine engine,
      Transport transport,
      Wal.Recovered restoredWal,
      java.util.function.Function<byte[], SafetyRecord> decodeSafety,
      BlockStore blocks,
      List<PeerId> peers,
      SignaturePreverifier preverifier,
      int inboxCapacity,
      Consumer<Committed> onCommit)
      throws IOException {
    this(
        engine,
        transport,
        restoredWal,
        decodeSafety,
        SafetyRecord::encode,
        blocks,
        peers,
        preverifier,
        inboxCapacity,
        onCommit);
  }

  /**
   * As the other constructor, with the WAL form of safety records given by {@code encodeSafety}
   * (inverse of {@code decodeSafety}) instead of {@link SafetyRecord#encode()}.
   */
  public Driver(
      ConsensusEngine engine,
      Transport transport,
      Wal.Recovered restoredWal,
      java.util.function.Function<byte[], SafetyRecord> decodeSafety,
      java.util.function.Function<SafetyRecord, byte[]> encodeSafety,
      BlockStore blocks,
      List<PeerId> peers,
      SignaturePreverifier preverifier,
      int inboxCapacity,
      Consumer<Committed> onCommit)
      throws IOException {
    this.encodeSafety = encodeSafety;
    this.engine = engine;
    this.transport = transport;
    this.wal = restoredWal.wal();
    this.blocks = blocks;
    this.peers = List.copyOf(peers);
    for (int i = 0; i < peers.size(); i++) {
      indexOf.put(peers.get(i), i);
    }
    this.preverifier = preverifier;
    this.onCommit = onCommit;
    this.inbox = new ArrayBlockingQueue<>(inboxCapacity);
    Optional<byte[]> last = restoredWal.last();
    this.restored =
        last.isEmpty()
            ? Optional.empty()
            : Optional.of(
                decodeSafety.apply(WalEntry.parseFrom(last.get()).getSafetyRecord().toByteArray()));
    this.committedHeight = blocks.tipHeight();
    this.verification = new Verification(preverifier, inboxCapacity, this::enqueueVerified, stats);
    this.owner = Thread.ofPlatform().name("consensus-owner").unstarted(this::run);
    this.storeSyncer =
        Thread.ofPlatform().daemon().name("consensus-store-sync").unstarted(this::syncLoop);
  }

  public DriverStats stats() {
    return stats;
  }

  /** Height of the last stored commit. Any thread. */
  public long committedHeight() {
    return committedHeight;
  }

  /** Hash of the last stored commit (zero before the first). Any thread. */
  public Hash32 committedHash() {
    return committedHash;
  }

  /** The failure that stopped the driver, if any. */
  public Optional<Throwable> halted() {
    return Optional.ofNullable(halted);
  }

  /** Starts the transport (inbound goes to the verification thread) and the owner thread. */
  public void start() {
    verification.start();
    transport.start(this::onInbound);
    storeSyncer.start();
    owner.start();
  }

  private void onInbound(int from, Envelope envelope) {
    if (from < 0 || from >= peers.size()) {
      return;
    }
    EngineMessage m;
    try {
      m = WireCodec.decodeAny(envelope, protoBlocks);
    } catch (MalformedMessageException e) {
      stats.malformed.increment();
      LOG.log(System.Logger.Level.DEBUG, "malformed message from {0}: {1}", from, e.getMessage());
      return;
    }
    verification.submit(new Verification.Item(peers.get(from), m, System.nanoTime()));
  }

  private void enqueueVerified(Verification.Item item) {
    if (!inbox.offer(new Event.Message(item.from(), item.message(), item.receivedNanos()))) {
      stats.droppedInbound.increment();
    }
  }

  /**
   * Offers messages ready to propose (e.g. observed and confirmed); dropped if the inbox is full.
   */
  public boolean submit(List<CrossChainMessage> messages) {
    boolean ok = inbox.offer(new Event.Payload(messages));
    if (!ok) {
      stats.droppedInbound.increment();
    }
    return ok;
  }

  /** Tells the engine that the local watcher's observations changed. */
  public void observationsChanged() {
    if (!inbox.offer(new Event.Observed())) {
      stats.droppedInbound.increment();
    }
  }

  private long now() {
    return (System.nanoTime() - origin) / 1_000_000;
  }

  private void run() {
    try {
      execute(engine.handle(new Input.Start(now(), restored)));
      while (running) {
        long now = now();
        fireDueTimers(now);
        if (now - describedAt >= 500) {
          describedAt = now;
          described = engine.describeState();
        }
        long wait = 100;
        for (long at : timers.values()) {
          wait = Math.min(wait, Math.max(0, at - now));
        }
        Event e = inbox.poll(wait, TimeUnit.MILLISECONDS);
        if (e != null) {
          handle(e);
          for (int i = 0; i < 64 && (e = inbox.poll()) != null; i++) {
            handle(e);
          }
        }
      }
      blocks.sync();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException | Error e) {
      halt(e);
    }
  }

  private synchronized void halt(Throwable e) {
    if (halted == null) {
      halted = e;
      LOG.log(System.Logger.Level.ERROR, "consensus halted: " + e, e);
    }
    running = false;
  }

  /**
   * The block store's fsyncs, off the owner thread: after each step that stored commits the owner
   * asks for one, and this thread runs it while the owner goes on with the next input (a proposal
   * never waits for the block store's disk). Never interrupted: that would close the file channel.
   */
  private void syncLoop() {
    try {
      while (running) {
        if (syncRequests.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          syncRequests.drainPermits();
          blocks.sync();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException | Error e) {
      halt(e);
    }
  }

  private void fireDueTimers(long now) throws IOException {
    if (timers.isEmpty()) {
      return;
    }
    long[] due = null;
    int count = 0;
    for (Map.Entry<Long, Long> t : timers.entrySet()) {
      if (t.getValue() <= now) {
        if (due == null) {
          due = new long[timers.size()];
        }
        due[count++] = t.getKey();
      }
    }
    for (int i = 0; i < count; i++) {
      timers.remove(due[i]);
      execute(engine.handle(new Input.TimerFired(now, due[i])));
    }
  }

  private void handle(Event e) throws IOException {
    long now = now();
    if (e instanceof Event.Message m && m.message() instanceof HotStuffMessage.Proposal p) {
      events.received(p, System.nanoTime() - m.receivedNanos());
    }
    Input in =
        switch (e) {
          case Event.Message m -> new Input.MessageReceived(now, m.from(), m.message());
          case Event.Payload p -> new Input.PayloadAvailable(now, p.messages());
          case Event.Observed o -> new Input.ObservationsChanged(now);
        };
    execute(engine.handle(in));
  }

  /**
   * Runs the output's actions in order, except that commits are stored after the messages left:
   * only {@code PersistSafety} must precede sending, and a commit must only be stored before the
   * next input, so a proposal no longer waits for the block store's fsync.
   */
  private void execute(Output out) throws IOException {
    stats.inputs.increment();
    commits.clear();
    for (Action a : out.actions()) {
      switch (a) {
        case Action.PersistSafety p -> {
          wal.save(
              WalEntry.newBuilder()
                  .setSafetyRecord(
                      com.google.protobuf.ByteString.copyFrom(encodeSafety.apply(p.record())))
                  .setSavedAtMs(System.currentTimeMillis())
                  .build()
                  .toByteArray());
          stats.safetySaves.increment();
        }
        case Action.Send s -> {
          Integer to = indexOf.get(s.to());
          if (to != null && to != transport.self()) {
            events.sent(s.message(), false);
            transport.send(to, WireCodec.encode(s.message(), protoBlocks));
          }
        }
        case Action.Broadcast b -> {
          events.sent(b.message(), true);
          transport.broadcast(WireCodec.encode(b.message(), protoBlocks));
        }
        case Action.Commit c -> commits.add(c);
        case Action.ScheduleTimer t -> timers.put(t.timerId(), t.atMs());
      }
    }
    for (Action.Commit c : commits) {
      commit(c.block(), c.proof());
    }
    if (!commits.isEmpty()) {
      syncRequests.release();
    }
  }

  private void commit(Block block, QuorumCertificate proof) throws IOException {
    if (block.height() <= blocks.tipHeight()) {
      return; // replayed from the log at start
    }
    blocks.appendUnsynced(WireCodec.committed(block, proof, protoBlocks));
    if (blocks.unsynced() >= MAX_UNSYNCED_BLOCKS) {
      blocks.sync();
    }
    committedHeight = block.height();
    committedHash = block.hash();
    stats.commits.increment();
    stats.committedMessages.add(block.messages().size());
    events.committed(block);
    onCommit.accept(new Committed(block, proof, System.currentTimeMillis()));
  }

  /** The engine's state dump, refreshed by the owner thread about twice a second. Any thread. */
  public String describe() {
    return described;
  }

  @Override
  public void close() {
    running = false; // not interrupt(): that would close the owner's file channels mid-write
    try {
      owner.join(5_000);
      storeSyncer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    verification.close();
    transport.close();
    try {
      wal.close();
      blocks.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing storage: " + e);
    }
  }
}
