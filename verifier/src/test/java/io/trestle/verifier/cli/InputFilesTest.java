package io.trestle.verifier.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
  @TempDir Path dir;

  @Test
  void readsAFileUpToTheCap() throws IOException, BadInputException {
    Path f = Files.write(dir.resolve("a.bin"), new byte[] {0, 1, 2, (byte) 0xff});
    assertArrayEquals(
        new byte[] {0, 1, 2, (byte) 0xff}, InputFiles.read(f.toString(), "proof file"));
    Path empty = Files.write(dir.resolve("e.bin"), new byte[0]);
    assertArrayEquals(new byte[0], InputFiles.read(empty.toString(), "proof file"));
  }

  @Test
  void missingUnreadableAndOversizedFilesAreBadInput() throws IOException {
    String missing = dir.resolve("nope.bin").toString();
    BadInputException e =
        assertThrows(BadInputException.class, () -> InputFiles.read(missing, "proof file"));
    assertTrue(e.getMessage().equals("proof file " + missing + " does not exist"), e.getMessage());

    e = assertThrows(BadInputException.class, () -> InputFiles.read(dir.toString(), "proof file"));
    assertTrue(e.getMessage().startsWith("cannot read proof file " + dir), e.getMessage());

    Path big = Files.write(dir.resolve("big.bin"), new byte[InputFiles.MAX_BYTES + 1]);
    e = assertThrows(BadInputException.class, () -> InputFiles.read(big.toString(), "proof file"));
    assertTrue(e.getMessage().contains("is larger than"), e.getMessage());
  }
}
