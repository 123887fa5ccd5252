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
import io.trestle.proto.v1.CommittedBlock;
import io.trestle.relayer.contracts.GatewayAbi;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.deliver.Batch;
import io.trestle.relayer.governor.Governor;
import io.trestle.relayer.watch.FileCursorStore;
import io.trestle.relayer.watch.Observation;
import io.trestle.relayer.watch.ObservationSink;
import io.trestle.relayer.watch.ObservedMessages;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

  private final RelayerNodeConfig config;
  private final NodeListener listener;
  private final Map<Long, ChainLane> lanes = new LinkedHashMap<>();
  private volatile Driver driver;
  private AttestationMux mux;
  private NetworkSignatureCollector collector;
  private ObservationJournal observations;
  private GovernorStore governor;
  private volatile CommitDispatcher dispatcher;
  private volatile long lastCommitAtMs;
  private int self = -1;
  private boolean started;

  /**
   * A node for {@code config} reporting to {@code listener}; nothing runs until {@link #start}. An
   * exception thrown by the listener is logged and otherwise ignored.
   */
  public RelayerNode(RelayerNodeConfig config, NodeListener listener) {
    this.config = config;
    this.listener = new GuardedListener(listener);
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
    } catch (StartException e) {
      close();
      throw e;
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
    DeliveryProgress progress = DeliveryProgress.open(state.resolve("delivery.state"));
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
    long replayed = replayCommitted(data.resolve("consensus"), listener);

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
            a -> {
              CommitDispatcher d = dispatcher;
              if (d != null) {
                d.attested(a);
              }
            },
            System::currentTimeMillis,
            Duration.ofMillis(500));
    mux.attestations(collector::onFrame);
    for (RelayerNodeConfig.Chain c : config.chains()) {
      lanes.put(c.chainId(), new ChainLane(config, c, self, collector, state));
    }
    for (ChainLane lane : lanes.values()) {
      Optional<String> wrong = lane.chainIdMismatch();
      if (wrong.isPresent()) {
        throw new StartException(wrong.get(), null);
      }
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
    dispatcher =
        new CommitDispatcher(lanes, listener, progress, observations, governor, unfinished);
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
        "relayer member {0} ({1}) listening on {2}; {3} committed heights to finish; {4} replayed"
            + " to the listener",
        self,
        config.evmKey().address(),
        config.listen(),
        unfinished.size(),
        replayed);
  }

  /**
   * Hands {@code listener} every committed block of the block store above its {@link
   * NodeListener#storedCommitHeight} (read before the driver runs, so nothing appends meanwhile);
   * returns how many. Public for the tests of listeners.
   */
  public static long replayCommitted(Path consensusDir, NodeListener listener)
      throws IOException, WalCorruptException {
    Path file = consensusDir.resolve("blocks");
    if (!Files.exists(file)) {
      return 0;
    }
    long stored = storedCommitHeight(listener);
    long count = 0;
    try (BlockStore store = BlockStore.open(file, FileOpener.DEFAULT)) {
      for (long h = Math.max(stored, 0) + 1; h > 0 && h <= store.tipHeight(); h++) {
        CommittedBlock cb = store.get(h).orElseThrow();
        try {
          Block block = WireCodec.block(cb);
          listener.replayed(
              new Driver.Committed(block, WireCodec.proof(cb), block.header().timestampMs()));
        } catch (MalformedMessageException e) {
          throw new IOException("stored block " + h + " does not decode: " + e.getMessage(), e);
        }
        count++;
      }
    }
    return count;
  }

  /** The listener's answer, or {@code Long.MAX_VALUE} (no replay) on an error or after a minute. */
  private static long storedCommitHeight(NodeListener listener) {
    try {
      Long h = listener.storedCommitHeight().toCompletableFuture().get(1, TimeUnit.MINUTES);
      return h == null ? Long.MAX_VALUE : h;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "node listener could not say which committed blocks it holds; none replayed: " + e);
      return Long.MAX_VALUE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Long.MAX_VALUE;
    }
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
    dispatcher.committed(c.block());
  }

  /**
   * Admin release of a message held by this node's governor: this node delivers it, after its
   * submitter rank's wait for the batch's height (the other members keep holding it until they
   * release it themselves or its delay ends).
   *
   * @return false if the message is not held here
   */
  public boolean release(String messageId) throws IOException {
    return dispatcher.release(messageId);
  }

  /**
   * Admin pause of {@code chainId} as a source (off-chain, on this node): from now on its messages
   * are committed as usual but held by this node's governor (PAUSED), durably, until {@link
   * #resume}. The on-chain pause of a gateway is the committee's quorum call, not this.
   */
  public void pause(long chainId) throws IOException {
    dispatcher.pause(chainId);
  }

  /**
   * Admin resume of {@code chainId}: its held messages pass the governor again (those over a limit
   * stay DELAYED) and the others are delivered by this node.
   *
   * @return how many held messages were handed to delivery
   */
  public int resume(long chainId) throws IOException {
    return dispatcher.resume(chainId);
  }

  /**
   * Admin retry of a message whose receiver failed on its destination chain: this node calls the
   * gateway's {@code retry} (anyone may) on a delivery thread and reports the outcome to the
   * listener: {@code delivered} when it executed, {@code failed} again otherwise.
   *
   * @throws IllegalArgumentException when this node does not deliver to {@code m}'s destination
   */
  public void retry(GatewayMessage m) {
    ChainLane lane = lanes.get(m.destChainId());
    if (lane == null) {
      throw new IllegalArgumentException(
          "this node does not deliver to chain " + m.destChainId() + " (not in its chains)");
    }
    byte[] id = m.id();
    lane.retry(
        m,
        (status, tx) -> {
          if (status == GatewayAbi.Status.EXECUTED) {
            listener.delivered(id, m.destChainId(), tx);
          } else {
            listener.failed(id, m.destChainId(), "retry did not execute it (" + tx + ")");
          }
        });
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
    CommitDispatcher c = dispatcher;
    Optional<Throwable> consensus = d == null ? Optional.empty() : d.halted();
    return consensus.or(() -> c == null ? Optional.empty() : c.halted());
  }

  /** Stops watchers, delivery, consensus and the network; waits for their threads. Idempotent. */
  @Override
  public synchronized void close() {
    for (ChainLane lane : lanes.values()) {
      lane.close();
    }
    if (dispatcher != null) {
      dispatcher.close();
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
