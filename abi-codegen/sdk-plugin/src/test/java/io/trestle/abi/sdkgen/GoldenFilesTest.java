package io.trestle.abi.sdkgen;

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
 * The clients generated from every real proto equal the committed golden files, so any change of
 * output shows up in review; services without HTTP bindings (the EVM gateway) yield nothing. {@code
 * -Dgolden.update=true} rewrites the golden files.
 */
class GoldenFilesTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  @Test
  void generatedClientsMatchGoldenFiles() throws IOException {
    CodeGeneratorResponse r =
        Requests.run(Requests.REAL, n -> n.startsWith("trestle/"), "package=io.trestle.sdk.api");
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
    assertEquals(
        Set.of(
            "io/trestle/sdk/api/AdminServiceClient.java",
            "io/trestle/sdk/api/MessageServiceClient.java",
            "io/trestle/sdk/api/LedgerServiceClient.java"),
        generated);
    Set<String> committed = new TreeSet<>();
    try (Stream<Path> files = Files.walk(GOLDEN)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        committed.add(GOLDEN.relativize(p).toString().replace('\\', '/'));
      }
    }
    assertEquals(List.copyOf(generated), List.copyOf(committed), "set of generated files");
  }

  @Test
  void defaultPackageIsTheProtoPackagePlusClient() {
    CodeGeneratorResponse r =
        Requests.run(Requests.REAL, "trestle/api/v1/ledger.proto"::equals, "");
    assertEquals("", r.getError());
    assertEquals(
        List.of("io/trestle/proto/api/v1/client/LedgerServiceClient.java"),
        r.getFileList().stream().map(CodeGeneratorResponse.File::getName).toList());
  }
}
