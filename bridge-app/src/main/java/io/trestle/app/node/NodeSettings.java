package io.trestle.app.node;

import io.trestle.consensus.node.ConfigException;
import io.trestle.relayer.node.RelayerConfigFile;
import io.trestle.relayer.node.RelayerNodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and checks the relayer node configuration named by {@code trestle.node.config-file} at
 * start-up; every problem is a {@link NodeConfigException} of one line naming the property (and the
 * setting inside the file) with the fix.
 */
public final class NodeSettings {
  private NodeSettings() {}

  static final String PROPERTY = "trestle.node.config-file";
  private static final String FORMAT =
      "point "
          + PROPERTY
          + " at the relayer node's properties file (format: relayer/README.md),"
          + " or unset it to serve the API only";

  /**
   * @throws NodeConfigException when the file is missing, unreadable or invalid
   */
  public static RelayerNodeConfig load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new NodeConfigException(PROPERTY + "=" + file + ": no such file", FORMAT, null);
    }
    if (!Files.isReadable(file)) {
      throw new NodeConfigException(
          PROPERTY + "=" + file + ": not readable by this process",
          "give the node's user read access to " + file + " (and its key files)",
          null);
    }
    try {
      return RelayerConfigFile.load(file);
    } catch (ConfigException e) {
      throw new NodeConfigException(
          PROPERTY + "=" + file + ": " + e.getMessage(),
          "correct that setting in " + file + " (format: relayer/README.md)",
          e);
    }
  }
}
