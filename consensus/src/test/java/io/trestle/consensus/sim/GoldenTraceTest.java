package io.trestle.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden traces: each scenario {@code traces/NAME.txt} (see {@link TraceRunner} for the commands)
 * must produce exactly {@code traces/NAME.out}. After a deliberate change of behaviour, run with
 * {@code -Dtraces.update=true} to rewrite the files under src/test/resources/traces, and review the
 * diff.
 */
class GoldenTraceTest {
  private static final Path SOURCE = Path.of("src/test/resources/traces");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "happy_path",
        "leader_crash_timeout",
        "equivocating_leader",
        "restart_no_double_vote"
      })
  void traceMatchesGoldenFile(String name) throws IOException {
    List<String> script = read(name + ".txt").lines().toList();
    String actual = new TraceRunner().run(script);
    if (Boolean.getBoolean("traces.update")) {
      Files.writeString(SOURCE.resolve(name + ".out"), actual);
      return;
    }
    assertEquals(
        read(name + ".out"), actual, "trace " + name + " changed; see -Dtraces.update=true");
  }

  private static String read(String file) throws IOException {
    try (InputStream in = GoldenTraceTest.class.getResourceAsStream("/traces/" + file)) {
      if (in == null) {
        throw new IOException("missing trace resource " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
