package io.trestle.relayer.node;

import io.trestle.canonical.v1.Member;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.driver.Driver;
import io.trestle.consensus.driver.MalformedMessageException;
import io.trestle.consensus.driver.WireCodec;
import io.trestle.consensus.net.Ed25519Identity;
import io.trestle.consensus.net.NettyTransport;
import io.trestle.consensus.node.Replica;
import io.trestle.consensus.store.BlockStore;
import io.trestle.consensus.store.FileOpener;
import io.trestle.consensus.store.WalCorruptException;
import io.trestle.relayer.contracts.Attestation;
import io.trestle.relayer.contracts.GatewayAbi;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.deliver.Batch;
import io.trestle.relayer.deliver.DeliveryReport;
import io.trestle.relayer.governor.Governor;
import io.trestle.relayer.watch.FileCursorStore;
import io.trestle.relayer.watch.Observation;
import io.trestle.relayer.watch.ObservationSink;
import io.trestle.relayer.watch.ObservedMessages;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
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
 * One relayer: a consensus replica ({@link Replica#assemble} over a committee-pinned TLS {@link
 * NettyTransport}), one watcher per configured chain feeding the consensus {@link ObservedMessages}
 * oracle and the driver's mempool, and delivery of every committed block: its messages grouped per
 * destination chain into {@link Batch}es, passed through the {@link Governor} (held messages wait
 * in its durable queue; the root is submitted anyway), the attestation signed with this node's EVM
 * key and signatures gathered over the relayer network ({@link NetworkSignatureCollector}), and
 * delivered by the rotating submitter. Every step is reported to the {@link NodeListener}.
 *
 * <p>Durable state in the data directory: {@code consensus/} (WAL, blocks), {@code cursors/}
 * (watchers), {@code state/observed.state} (observed, not yet committed), {@code
 * state/tx-*.journal} (nonces, unmined transactions), {@code state/delivery.state} (finished
 * heights) and {@code state/governor.state}. After a restart the node first resolves its unmined
 * transactions, then re-runs the committed heights it had not finished, sending only what the
 * gateways do not have yet.
 *
 * <p>Threads: {@link #start} and {@link #close} from one caller; {@link #status} from any thread.
 * {@link #close} stops every thread the node started.
 */
public final class RelayerNode implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RelayerNode.class.getName());

  /**
   * Topic of {@code MessageExecuted(bytes32 indexed id, bool success)} as TrestleGateway.sol
   * declares it (GatewayAbi's constant hashes a signature without the bool).
   */
  static final byte[] MESSAGE_EXECUTED_TOPIC =
      io.trestle.relayer.contracts.Abi.keccak(
          "MessageExecuted(bytes32,bool)".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

  private final RelayerNodeConfig config;
  private final NodeListener listener;
  private final Map<Long, ChainLane> lanes = new LinkedHashMap<>();
  private final LinkedBlockingQueue<Block> commits = new LinkedBlockingQueue<>();
  private final Map<Long, Integer> outstanding = new ConcurrentHashMap<>();
  private final Map<String, List<byte[]>> batchIds = new ConcurrentHashMap<>();
  private volatile Driver driver;
  private AttestationMux mux;
  private NetworkSignatureCollector collector;
  private DeliveryProgress progress;
  private ObservationJournal observations;
  private GovernorStore governor;
  private Thread dispatcher;
  private volatile boolean running;
  private volatile long lastCommitAtMs;
  private volatile Throwable deliveryHalted;
  private int self = -1;
  private boolean started;

  /** A node for {@code config} reporting to {@code listener}; nothing runs until {@link #start}. */
  public RelayerNode(RelayerNodeConfig config, NodeListener listener) {
    this.config = config;
    this.listener = listener;
  }

  /** A start-up failure: configuration that does not fit, or unreadable/damaged storage. */
  public static final class StartException extends Exception {
    private static final long serialVersionUID = 1L;

    StartException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Opens storage, connects to the committee and the chains and starts every loop. Call once.
   *
   * @throws StartException with a one-line message; nothing is left running
   */
  public synchronized void start() throws StartException {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    try {
      startUnchecked();
    } catch (IOException | WalCorruptException | GeneralSecurityException | RuntimeException e) {
      close();
      throw new StartException("relayer node failed to start: " + e.getMessage(), e);
    }
  }

  private void startUnchecked()
      throws IOException, WalCorruptException, GeneralSecurityException, StartException {
    byte[] pkcs8 = config.identityKeyPkcs8();
    Ed25519KeyPair key = Ed25519KeyPair.decodePkcs8(pkcs8);
    Ed25519Identity identity = Ed25519Identity.fromPkcs8(pkcs8);
    self = config.memberIndex(key.publicKey());
    if (self < 0) {
      throw new StartException("identity key is not a committee member", null);
    }
    List<Member> members = config.committee().members();
    List<String> addresses = new ArrayList<>();
    List<InetSocketAddress> endpoints = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      addresses.add(config.memberAddress(i));
      InetSocketAddress ep = config.peers().get(i);
      endpoints.add(ep != null ? ep : hostPort(members.get(i).endpoint()));
    }
    endpoints.set(self, config.listen());
    if (!config.evmKey().address().equals(addresses.get(self))) {
      throw new StartException(
          "EVM key " + config.evmKey().address() + " is not member " + self + "'s address", null);
    }
    Path data = config.dataDir();
    Path state = data.resolve("state");
    Files.createDirectories(state);
    progress = DeliveryProgress.open(state.resolve("delivery.state"));
    observations = ObservationJournal.open(state.resolve("observed.state"));
    Governor gov = new Governor(config.governor().delay());
    for (RelayerNodeConfig.Limit l : config.governor().limits()) {
      gov.setLimit(
          l.sourceChainId(),
          l.originChainId(),
          l.token(),
          new Governor.Limit(l.maxValue(), l.window()));
    }
    governor = GovernorStore.open(state.resolve("governor.state"), gov);
    List<Block> unfinished = unfinishedBlocks(data.resolve("consensus"), progress.floor());

    NettyTransport netty =
        new NettyTransport(
            self,
            endpoints,
            members.stream().map(Member::ed25519Key).toList(),
            identity,
            NettyTransport.Options.defaults());
    mux = new AttestationMux(netty, System::currentTimeMillis);
    collector =
        new NetworkSignatureCollector(
            self,
            config.evmKey(),
            addresses,
            members.stream().map(Member::weight).toList(),
            mux,
            this::attested,
            System::currentTimeMillis,
            Duration.ofMillis(500));
    mux.attestations(collector::onFrame);
    for (RelayerNodeConfig.Chain c : config.chains()) {
      lanes.put(c.chainId(), new ChainLane(config, c, self, collector, state));
    }
    ObservedMessages oracle =
        new ObservedMessages(
            () -> {
              Driver d = driver;
              if (d != null) {
                d.observationsChanged();
              }
            });
    try {
      driver =
          Replica.assemble(
              key,
              config.committee(),
              mux,
              data.resolve("consensus"),
              oracle,
              new Replica.Tuning(config.timing().consensusBaseTimeout().toMillis(), 1_024, 16_384),
              this::onCommit,
              FileOpener.DEFAULT);
    } catch (IOException | WalCorruptException e) {
      netty.close();
      throw e;
    }
    commits.addAll(unfinished);
    running = true;
    dispatcher = Thread.ofPlatform().name("relayer-dispatch").start(this::dispatch);
    for (GovernorStore.Work w : governor.releasedPending()) {
      deliverReleased(w);
    }
    driver.start();
    for (var e : observations.pending().entrySet()) { // observed before a restart, not committed
      oracle.accept(e.getKey(), e.getValue());
      driver.submit(e.getValue().stream().map(o -> o.message().toCanonical()).toList());
    }
    FileCursorStore cursors = new FileCursorStore(data.resolve("cursors"));
    for (ChainLane lane : lanes.values()) {
      lane.watch(cursors, sink(oracle), config.timing().watcherPoll());
    }
    LOG.log(
        System.Logger.Level.INFO,
        "relayer member {0} ({1}) listening on {2}; {3} committed heights to finish",
        self,
        config.evmKey().address(),
        config.listen(),
        unfinished.size());
  }

  private static InetSocketAddress hostPort(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(
        hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  /** Committed blocks above {@code floor} in the consensus block store (read before the driver). */
  private static List<Block> unfinishedBlocks(Path consensusDir, long floor)
      throws IOException, WalCorruptException {
    Path file = consensusDir.resolve("blocks");
    List<Block> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try (BlockStore store = BlockStore.open(file, FileOpener.DEFAULT)) {
      for (long h = floor + 1; h <= store.tipHeight(); h++) {
        try {
          out.add(WireCodec.block(store.get(h).orElseThrow()));
        } catch (MalformedMessageException e) {
          throw new IOException("stored block " + h + " does not decode: " + e.getMessage(), e);
        }
      }
    }
    return out;
  }

  private ObservationSink sink(ObservedMessages oracle) {
    return new ObservationSink() {
      @Override
      public void accept(long chainId, List<Observation> seen) {
        observations.observed(chainId, seen); // durable before the watcher's cursor moves
        oracle.accept(chainId, seen);
        if (!seen.isEmpty()) {
          driver.submit(seen.stream().map(o -> o.message().toCanonical()).toList());
          for (Observation o : seen) {
            listener.observed(chainId, o);
          }
        }
      }

      @Override
      public void halted(long chainId, String reason) {
        oracle.halted(chainId, reason);
        listener.chainHalted(chainId, reason);
      }
    };
  }

  /** Driver owner thread: must not block. */
  private void onCommit(Driver.Committed c) {
    lastCommitAtMs = c.atMs();
    listener.committed(c);
    commits.add(c.block());
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
        deliveryHalted = e;
        LOG.log(System.Logger.Level.ERROR, "relayer state not saved, delivery stopped: " + e, e);
        return;
      }
    }
  }

  /** Groups one committed block per destination chain, applies the governor, hands out batches. */
  private void dispatch(Block b) throws IOException {
    long h = b.height();
    List<GatewayMessage> messages =
        b.messages().stream().map(GatewayMessage::fromCanonical).toList();
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

  private void attested(Attestation a) {
    List<byte[]> ids = batchIds.get(a.destChainId() + "/" + a.height());
    listener.attested(a.destChainId(), a.epoch(), a.height(), ids == null ? List.of() : ids);
  }

  /**
   * Admin release of a message held by the governor: this node delivers it at once (the others keep
   * holding it until their own release).
   *
   * @return false if the message is not held here
   */
  public boolean release(String messageId) throws IOException {
    List<GovernorStore.Work> work = governor.release(messageId);
    work.forEach(this::deliverReleased);
    return !work.isEmpty();
  }

  /** The governor (queue, limits, pause) of this node. */
  public Governor governor() {
    return governor.governor();
  }

  /** This node's signer index in the committee, -1 before {@link #start}. */
  public int member() {
    return self;
  }

  /** Transactions this node sent on {@code chainId} since start (re-submissions included). */
  public long transactionsSent(long chainId) {
    ChainLane lane = lanes.get(chainId);
    return lane == null ? 0 : lane.transactionsSent();
  }

  /** Attestation frames dropped by a check (bad signature, wrong signer, malformed). */
  public long rejectedSignatures() {
    return collector == null ? 0 : collector.rejected();
  }

  /** Health and progress; cheap, any thread. */
  public NodeStatus status() {
    Driver d = driver;
    int n = config.committee().members().size();
    int quorum = n - (n - 1) / 3;
    List<NodeStatus.Chain> chains = lanes.values().stream().map(ChainLane::status).toList();
    if (d == null || mux == null) {
      return new NodeStatus("hotstuff", 0, quorum, 0, 0, 0, 0, 0, 0, chains);
    }
    return new NodeStatus(
        "hotstuff",
        mux.peersHeard(5_000),
        quorum,
        mux.view(),
        d.committedHeight(),
        lastCommitAtMs,
        d.stats().commits.sum(),
        d.stats().viewChanges.sum(),
        mux.votes(),
        chains);
  }

  /**
   * The failure that stopped consensus (storage I/O error, engine invariant) or delivery (the
   * node's state files cannot be written), if any. Either way the node must be restarted.
   */
  public Optional<Throwable> halted() {
    Driver d = driver;
    Optional<Throwable> consensus = d == null ? Optional.empty() : d.halted();
    return consensus.or(() -> Optional.ofNullable(deliveryHalted));
  }

  /** Stops watchers, delivery, consensus and the network; waits for their threads. Idempotent. */
  @Override
  public synchronized void close() {
    running = false;
    for (ChainLane lane : lanes.values()) {
      lane.close();
    }
    if (dispatcher != null) {
      dispatcher.interrupt();
      try {
        dispatcher.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (collector != null) {
      collector.close();
    }
    if (driver != null) {
      driver.close();
    } else if (mux != null) {
      mux.close();
    }
  }
}
