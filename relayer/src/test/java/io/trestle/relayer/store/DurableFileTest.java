package io.trestle.relayer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFileTest {
  @TempDir Path dir;

  @Test
  void saveReplacesTheContentAndLoadReturnsIt() throws Exception {
    Path f = dir.resolve("s.state");
    assertEquals(Optional.empty(), DurableFile.load(f));
    DurableFile.save(f, "a 1\nb 2");
    assertEquals(Optional.of("a 1\nb 2\n"), DurableFile.load(f));
    DurableFile.save(f, "");
    assertEquals(Optional.of(""), DurableFile.load(f));
    assertFalse(Files.exists(dir.resolve("s.state.tmp")));
  }

  @Test
  void aLeftoverTempFileFromACrashIsIgnored() throws Exception {
    Path f = dir.resolve("s.state");
    DurableFile.save(f, "old");
    Files.writeString(dir.resolve("s.state.tmp"), "half-writ");
    assertEquals(Optional.of("old\n"), DurableFile.load(f));
    DurableFile.save(f, "new");
    assertEquals(Optional.of("new\n"), DurableFile.load(f));
  }

  @Test
  void everySingleBitFlipOrTruncationIsReported() throws Exception {
    Path f = dir.resolve("s.state");
    DurableFile.save(f, "next 7\ntx 5 0xab 0102");
    byte[] good = Files.readAllBytes(f);
    for (int i = 0; i < good.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 << bit);
        Files.write(f, bad);
        try {
          DurableFile.load(f);
          throw new AssertionError("flip of bit " + bit + " at " + i + " went unnoticed");
        } catch (DurableFile.CorruptStateException expected) {
          assertTrue(expected.getMessage().startsWith("corrupt state file "));
        }
      }
    }
    for (int len = 0; len < good.length; len++) {
      Files.write(f, java.util.Arrays.copyOf(good, len));
      int n = len;
      if (n == 0) {
        assertThrows(DurableFile.CorruptStateException.class, () -> DurableFile.load(f));
        continue;
      }
      assertThrows(
          DurableFile.CorruptStateException.class, () -> DurableFile.load(f), "length " + n);
    }
  }
}
