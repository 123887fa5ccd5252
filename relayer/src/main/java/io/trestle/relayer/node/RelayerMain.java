package io.trestle.relayer.node;

import io.trestle.consensus.node.ConfigException;
import java.nio.file.Path;

/**
 * Runs one relayer node as a process: {@code RelayerMain <relayer.properties>} (see {@link
 * RelayerConfigFile}). Exits 2 with a one-line message for a configuration or start-up problem, 3
 * when the node halts (consensus storage or engine failure, or its state files cannot be written;
 * restarting it recovers from the data directory). Stops cleanly on SIGTERM/SIGINT.
 */
public final class RelayerMain {
  private RelayerMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: RelayerMain <relayer.properties>");
      System.exit(2);
    }
    RelayerNode node;
    try {
      node = new RelayerNode(RelayerConfigFile.load(Path.of(args[0])), NodeListener.ignoring());
      node.start();
    } catch (ConfigException | RelayerNode.StartException e) {
      System.err.println("trestle-relayer: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "relayer-shutdown"));
    System.out.println("trestle-relayer: member " + node.member() + " running");
    while (node.halted().isEmpty()) {
      Thread.sleep(200);
    }
    System.err.println("trestle-relayer: halted: " + node.halted().get());
    node.close();
    System.exit(3);
  }
}
