package io.trestle.relayer.localchain;

import io.trestle.relayer.chain.RpcException;
import io.trestle.relayer.chain.Web3jChainRpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts k local EVM nodes (hardhat 2.x from the project's pinned npm packages, installed by the
 * Maven build into {@code relayer/node_modules}) on free loopback ports, each with its own chain
 * id, waits until each answers eth_chainId, and stops them all on {@link #close()} (the whole
 * process tree). Each node logs to {@code <relayerDir>/target/localchains/chain-<id>.log}. Reusable
 * by tests and the devnet.
 */
public final class LocalChains implements AutoCloseable {
  private final List<LocalChain> chains;

  private LocalChains(List<LocalChain> chains) {
    this.chains = List.copyOf(chains);
  }

  /**
   * Starts one node per chain id and waits until all answer.
   *
   * @param relayerDir the relayer module directory (holds hardhat.config.js and node_modules)
   * @throws IllegalStateException if the tooling is missing or a node does not come up in time
   */
  public static LocalChains start(Path relayerDir, List<Long> chainIds, Duration startTimeout) {
    Path cli = relayerDir.resolve("node_modules/hardhat/internal/cli/bootstrap.js");
    if (!Files.exists(cli)) {
      throw new IllegalStateException(
          "hardhat is not installed in " + relayerDir + " (run the Maven build: it runs npm ci)");
    }
    Path logs = relayerDir.resolve("target/localchains");
    List<LocalChain> started = new ArrayList<>();
    try {
      Files.createDirectories(logs);
      for (long chainId : chainIds) {
        int port = freePort();
        ProcessBuilder pb =
            new ProcessBuilder(
                    "node",
                    cli.toString(),
                    "node",
                    "--hostname",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port))
                .directory(relayerDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve("chain-" + chainId + ".log").toFile());
        pb.environment().put("TRESTLE_CHAIN_ID", Long.toString(chainId));
        pb.environment().put("HARDHAT_DISABLE_TELEMETRY_PROMPT", "true");
        started.add(new LocalChain(chainId, port, pb.start()));
      }
      long deadline = System.nanoTime() + startTimeout.toNanos();
      for (LocalChain c : started) {
        awaitReady(c, deadline);
      }
      return new LocalChains(started);
    } catch (IOException | RuntimeException e) {
      started.forEach(LocalChains::stop);
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /** Finds the relayer module directory from the system property or the working directory. */
  public static Path relayerDir() {
    String prop = System.getProperty("trestle.relayer.dir");
    if (prop != null) {
      return Path.of(prop);
    }
    Path cwd = Path.of("").toAbsolutePath();
    return Files.exists(cwd.resolve("hardhat.config.js")) ? cwd : cwd.resolve("relayer");
  }

  private static void awaitReady(LocalChain c, long deadlineNanos) {
    try (Web3jChainRpc rpc = new Web3jChainRpc(c.url(), Duration.ofSeconds(2))) {
      while (true) {
        if (!c.process().isAlive()) {
          throw new IllegalStateException("chain " + c.chainId() + " exited; see its log");
        }
        try {
          long id = rpc.chainId();
          if (id != c.chainId()) {
            throw new IllegalStateException("port " + c.port() + " answers chain id " + id);
          }
          return;
        } catch (RpcException e) {
          if (System.nanoTime() > deadlineNanos) {
            throw new IllegalStateException("chain " + c.chainId() + " did not start in time", e);
          }
          Thread.sleep(200);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting chain " + c.chainId(), e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The nodes, in the order of the chain ids given. */
  public List<LocalChain> chains() {
    return chains;
  }

  /** The node of chain i. */
  public LocalChain get(int i) {
    return chains.get(i);
  }

  /** Stops one node and its child processes (for tests that kill an endpoint). */
  public static void stop(LocalChain c) {
    ProcessHandle h = c.process().toHandle();
    h.descendants().forEach(ProcessHandle::destroy);
    h.destroy();
    try {
      if (!c.process().waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
        c.process().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      h.destroyForcibly();
    }
  }

  @Override
  public void close() {
    chains.forEach(LocalChains::stop);
  }
}
