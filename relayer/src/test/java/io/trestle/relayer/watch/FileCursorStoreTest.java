package io.trestle.relayer.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCursorStoreTest {
  @TempDir Path dir;

  @Test
  void savesAndLoadsPerChain() {
    FileCursorStore store = new FileCursorStore(dir);
    assertEquals(Optional.empty(), store.load(1));
    Cursor a = new Cursor(42, "0x" + "0a".repeat(32), null);
    Cursor b = new Cursor(7, null, "re-org deeper than 3 confirmations");
    store.save(1, a);
    store.save(2, b);
    FileCursorStore reopened = new FileCursorStore(dir);
    assertEquals(Optional.of(a), reopened.load(1));
    assertEquals(Optional.of(b), reopened.load(2));
    assertTrue(reopened.load(2).orElseThrow().halted());
    store.save(1, new Cursor(43, "0x" + "0b".repeat(32), null));
    assertEquals(43, reopened.load(1).orElseThrow().nextBlock());
  }

  @Test
  void corruptFileIsATypedErrorNotAFreshStart() throws Exception {
    Files.writeString(dir.resolve("cursor-5.properties"), "nextBlock=banana\n");
    assertThrows(IllegalStateException.class, () -> new FileCursorStore(dir).load(5));
    Files.writeString(dir.resolve("cursor-6.properties"), "nextBlock=3\nlastHash=0xzz\n");
    assertThrows(IllegalStateException.class, () -> new FileCursorStore(dir).load(6));
  }
}
