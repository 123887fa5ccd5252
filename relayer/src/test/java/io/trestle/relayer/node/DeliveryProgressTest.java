package io.trestle.relayer.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.relayer.store.DurableFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryProgressTest {
  @TempDir Path dir;

  @Test
  void finishedHeightsAndBatchesSurviveARestart() throws Exception {
    Path f = dir.resolve("delivery.state");
    DeliveryProgress p = DeliveryProgress.open(f);
    assertEquals(0, p.floor());
    p.finished(1, false); // empty height: saved with the next change
    p.done(2, 31338);
    p.finished(3, true); // out of order: the floor waits for 2
    assertEquals(1, p.floor());

    DeliveryProgress q = DeliveryProgress.open(f);
    assertEquals(1, q.floor());
    assertTrue(q.isDone(2, 31338));
    assertFalse(q.isDone(2, 31337));
    assertTrue(q.isDone(3, 31337), "a finished height is done for every chain");
    q.finished(2, true);
    assertEquals(3, q.floor());
    assertEquals(3, DeliveryProgress.open(f).floor());
  }

  @Test
  void anUnsavedEmptyHeightIsOnlyLookedAtAgain() throws Exception {
    Path f = dir.resolve("delivery.state");
    DeliveryProgress p = DeliveryProgress.open(f);
    p.finished(1, true);
    p.finished(2, false);
    assertEquals(2, p.floor());
    assertEquals(1, DeliveryProgress.open(f).floor());
  }

  @Test
  void aDamagedFileIsRefused() throws Exception {
    Path f = dir.resolve("delivery.state");
    DurableFile.save(f, "floor 3\nbogus 1\n");
    assertThrows(DurableFile.CorruptStateException.class, () -> DeliveryProgress.open(f));
    Files.writeString(f, "floor 3\n");
    assertThrows(DurableFile.CorruptStateException.class, () -> DeliveryProgress.open(f));
  }

  @Test
  void aLongRunOfEmptyHeightsIsSavedEverySoOften() throws Exception {
    Path f = dir.resolve("delivery.state");
    DeliveryProgress p = DeliveryProgress.open(f);
    for (long h = 1; h <= DeliveryProgress.SAVE_EVERY + 10; h++) {
      p.finished(h, false);
    }
    assertEquals(DeliveryProgress.SAVE_EVERY, DeliveryProgress.open(f).floor());
  }
}
