package io.trestle.abi.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The generated sources for the real protos equal the committed golden files, so that any change in
 * output shows up in review. {@code -Dgolden.update=true} rewrites the golden files.
 */
class GoldenFilesTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  @Test
  void generatedSourcesMatchGoldenFiles() throws IOException {
    CodeGeneratorResponse r =
        Requests.run(
            Requests.REAL,
            n -> n.startsWith("trestle/v1/") || n.startsWith("trestle/evm/"),
            "out=both");
    assertEquals("", r.getError());
    Set<String> generated = new TreeSet<>();
    for (CodeGeneratorResponse.File f : r.getFileList()) {
      generated.add(f.getName());
      Path golden = GOLDEN.resolve(f.getName());
      if (UPDATE) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, f.getContent(), StandardCharsets.UTF_8);
      } else {
        assertEquals(
            Files.exists(golden) ? Files.readString(golden, StandardCharsets.UTF_8) : "<missing>",
            f.getContent(),
            f.getName() + " differs from its golden file (rerun with -Dgolden.update=true)");
      }
    }
    Set<String> committed = new TreeSet<>();
    try (Stream<Path> files = Files.walk(GOLDEN)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String name = GOLDEN.relativize(p).toString().replace('\\', '/');
        if (UPDATE && !generated.contains(name)) {
          Files.delete(p);
        } else {
          committed.add(name);
        }
      }
    }
    assertEquals(List.copyOf(generated), List.copyOf(committed), "set of generated files");
  }
}
