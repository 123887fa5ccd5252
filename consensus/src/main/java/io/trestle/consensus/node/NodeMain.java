package io.trestle.consensus.node;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.Member;
import io.trestle.consensus.driver.Driver;
import io.trestle.consensus.net.Ed25519Identity;
import io.trestle.consensus.net.NettyTransport;
import io.trestle.consensus.store.FileOpener;
import io.trestle.consensus.store.WalCorruptException;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Starts one relayer's consensus node: {@code NodeMain <node.properties>} (see {@link NodeConfig}).
 * Exits 2 with a one-line message for a configuration problem, 3 when consensus halts (storage I/O
 * error or engine invariant failure; restart it to recover from disk). While running it keeps, in
 * its data directory, {@code status} (one line: committed height and hash, counters, metrics;
 * rewritten every 250 ms) and {@code commits.log} (one {@code height hash} line per commit, for
 * cross-node consistency checks).
 */
public final class NodeMain {
  private NodeMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: NodeMain <node.properties>");
      System.exit(2);
    }
    Node node;
    try {
      node = Node.start(NodeConfig.load(Path.of(args[0])));
    } catch (ConfigException e) {
      System.err.println("trestle-node: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  done.countDown();
                }));
    int code = node.awaitHalt();
    System.exit(code);
  }

  /** Reads a PKCS#8 key file, refusing one readable by group or others. */
  static byte[] readKey(Path file) throws ConfigException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      for (PosixFilePermission p : perms) {
        if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
          throw new ConfigException(
              "identity key " + file + " is accessible by group/others; chmod 600 it");
        }
      }
      return Files.readAllBytes(file);
    } catch (UnsupportedOperationException e) {
      try {
        return Files.readAllBytes(file);
      } catch (IOException io) {
        throw new ConfigException("cannot read identity key " + file + ": " + io.getMessage());
      }
    } catch (IOException e) {
      throw new ConfigException("cannot read identity key " + file + ": " + e.getMessage());
    }
  }

  /** A running node. */
  static final class Node implements AutoCloseable {
    private static final long STATUS_EVERY_MS = 250;
    private static final long IDLE_POLL_MS = 20;
    private static final long BACKPRESSURE_POLL_MS = 5;
    final Driver driver;
    final NettyTransport transport;
    final NodeMetrics metrics;
    final StatusFiles status;
    private final Thread feeder;
    private volatile boolean running = true;

    private Node(Driver d, NettyTransport t, NodeMetrics m, StatusFiles s, Thread feeder) {
      this.driver = d;
      this.transport = t;
      this.metrics = m;
      this.status = s;
      this.feeder = feeder;
    }

    static Node start(NodeConfig cfg) throws ConfigException, IOException {
      Committee committee = CommitteeFile.load(cfg.committee());
      byte[] pkcs8 = readKey(cfg.identityKey());
      Ed25519KeyPair key;
      Ed25519Identity identity;
      try {
        key = Ed25519KeyPair.decodePkcs8(pkcs8);
        identity = Ed25519Identity.fromPkcs8(pkcs8);
      } catch (IllegalArgumentException | GeneralSecurityException e) {
        throw new ConfigException(
            "identity key "
                + cfg.identityKey()
                + " is not a PKCS#8 Ed25519 key: "
                + e.getMessage());
      }
      List<Member> members = committee.members();
      int self = -1;
      List<InetSocketAddress> endpoints = new ArrayList<>();
      for (int i = 0; i < members.size(); i++) {
        if (Arrays.equals(members.get(i).ed25519Key(), key.publicKey())) {
          self = i;
        }
        InetSocketAddress ep = cfg.peerOverrides().get(i);
        endpoints.add(ep != null ? ep : NodeConfig.resolve(members.get(i).endpoint()));
      }
      if (self < 0) {
        throw new ConfigException(
            "identity key " + cfg.identityKey() + " is not a member of " + cfg.committee());
      }
      endpoints.set(self, cfg.listen());
      NettyTransport transport =
          new NettyTransport(
              self,
              endpoints,
              members.stream().map(Member::ed25519Key).toList(),
              identity,
              NettyTransport.Options.defaults());
      NodeMetrics metrics = new NodeMetrics();
      SyntheticLoad load = new SyntheticLoad(cfg.loadRate(), cfg.loadStartMs());
      BitSet committedNonces = new BitSet();
      StatusFiles status = new StatusFiles(cfg.dataDir());
      Driver driver;
      try {
        Files.createDirectories(cfg.dataDir());
        driver =
            Replica.assemble(
                key,
                committee,
                transport,
                cfg.dataDir(),
                load,
                new Replica.Tuning(cfg.baseTimeoutMs(), cfg.maxBatch(), 16_384),
                c -> {
                  long now = System.currentTimeMillis();
                  for (CrossChainMessage m : c.block().messages()) {
                    if (m.sourceChainId() == SyntheticLoad.SOURCE_CHAIN
                        && m.nonce() < Integer.MAX_VALUE) {
                      synchronized (committedNonces) {
                        committedNonces.set((int) m.nonce());
                      }
                      if (cfg.loadRate() > 0 && load.measured(m.nonce())) {
                        metrics.recordLatency(now - load.dueMs(m.nonce()));
                      }
                    }
                  }
                  status.committed(c.block().height(), c.block().hash());
                },
                FileOpener.DEFAULT);
      } catch (WalCorruptException e) {
        throw new ConfigException("storage in " + cfg.dataDir() + " is corrupt: " + e.getMessage());
      }
      metrics.start();
      Node[] holder = new Node[1];
      Thread feeder =
          Thread.ofPlatform()
              .daemon()
              .name("node-feeder")
              .unstarted(() -> holder[0].feed(load, cfg, committedNonces));
      Node node = new Node(driver, transport, metrics, status, feeder);
      holder[0] = node;
      driver.start();
      feeder.start();
      System.out.println("trestle-node: member " + self + " listening on " + cfg.listen());
      return node;
    }

    /**
     * Feeds synthetic messages to the driver at their due times and writes the status file, until
     * stopped. The thread sleeps until the next message is due (as a watcher hands over an
     * observation when it happens), so a message waits at most ~1 ms here; under back-pressure it
     * re-checks every {@link #BACKPRESSURE_POLL_MS}.
     */
    private void feed(SyntheticLoad load, NodeConfig cfg, BitSet committed) {
      long lastStatus = 0;
      long lastObserved = 0;
      long offered = 0;
      boolean submitted = false;
      while (running) {
        long now = System.currentTimeMillis();
        if (cfg.loadRate() > 0 && !load.started()) {
          startFromFile(load, cfg.dataDir().resolveSibling("load_start"));
        }
        // Back-pressure on the watcher: at most 8 blocks' worth of messages outstanding, so an
        // offered load above capacity queues in the source (and shows as latency), not in memory.
        long outstanding = offered - driver.stats().committedMessages.sum();
        int room = (int) Math.max(0, Math.min(4_096, 8L * cfg.maxBatch() - outstanding));
        List<CrossChainMessage> due = load.due(now, room);
        offered += due.size();
        if (!due.isEmpty()) {
          List<CrossChainMessage> fresh = new ArrayList<>(due.size());
          synchronized (committed) {
            for (CrossChainMessage m : due) {
              if (!committed.get((int) m.nonce())) {
                fresh.add(m);
              }
            }
          }
          if (!fresh.isEmpty()) {
            driver.submit(fresh);
            submitted = true;
          }
        }
        // Proposals carry only messages already due at their leader, so a verdict changes from
        // PENDING only under clock skew: re-ask the engine rarely, not per batch.
        if (submitted && now - lastObserved >= 250) {
          lastObserved = now;
          submitted = false;
          driver.observationsChanged();
        }
        if (now - lastStatus >= STATUS_EVERY_MS) {
          lastStatus = now;
          status.write(driver, transport.stats(), metrics);
        }
        long wake = Math.min(lastStatus + STATUS_EVERY_MS, now + IDLE_POLL_MS);
        if (load.started()) {
          wake =
              Math.min(wake, room == 0 ? now + BACKPRESSURE_POLL_MS : load.dueMs(load.nextNonce()));
        }
        try {
          Thread.sleep(Math.max(1, wake - now));
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /**
     * Starts the stream at the time written in {@code file}, once it exists (load harness); an
     * optional second number is the warm-up in ms left out of latency figures.
     */
    private static void startFromFile(SyntheticLoad load, Path file) {
      try {
        if (Files.exists(file)) {
          String[] start = Files.readString(file).strip().split("\\s+");
          long warmup = start.length > 1 ? Long.parseLong(start[1]) : SyntheticLoad.WARMUP_MS;
          load.startAt(Long.parseLong(start[0]), warmup);
        }
      } catch (IOException | NumberFormatException e) {
        // written concurrently; read again on the next round
      }
    }

    /** Blocks until consensus halts; returns the process exit code. */
    int awaitHalt() throws InterruptedException {
      while (driver.halted().isEmpty()) {
        Thread.sleep(100);
      }
      status.write(driver, transport.stats(), metrics);
      System.err.println("trestle-node: consensus halted: " + driver.halted().get());
      return 3;
    }

    @Override
    public void close() {
      running = false;
      feeder.interrupt();
      status.write(driver, transport.stats(), metrics);
      driver.close();
      metrics.close();
      status.close();
    }
  }
}
