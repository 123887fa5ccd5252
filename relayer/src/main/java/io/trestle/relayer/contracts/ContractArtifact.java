package io.trestle.relayer.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A contract compiled by the build (scripts/compile.js with npm's solc): its creation bytecode,
 * loaded from {@code io/trestle/relayer/contracts/evm/<name>.json} on the class path.
 *
 * @param name contract name
 * @param bytecode creation bytecode, without constructor arguments
 */
public record ContractArtifact(String name, byte[] bytecode) {
  private static final Pattern BYTECODE =
      Pattern.compile("\"bytecode\"\\s*:\\s*\"0x([0-9a-fA-F]*)\"");

  /**
   * Loads the artifact of {@code name}.
   *
   * @throws IllegalStateException if it was not compiled into the class path
   */
  public static ContractArtifact load(String name) {
    String resource = "evm/" + name + ".json";
    try (InputStream in = ContractArtifact.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no compiled contract " + name + " (run the Maven build)");
      }
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = BYTECODE.matcher(json);
      if (!m.find() || m.group(1).isEmpty()) {
        throw new IllegalStateException("artifact " + name + " has no bytecode");
      }
      return new ContractArtifact(name, GatewayMessage.hex(m.group(1)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public byte[] bytecode() {
    return bytecode.clone();
  }

  /** Creation code followed by ABI-encoded constructor arguments. */
  public byte[] creationCode(byte[] constructorArgs) {
    return Abi.concat(bytecode, constructorArgs);
  }
}
