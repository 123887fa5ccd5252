package io.trestle.consensus.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash at every mutating file call k (write or fsync), for every k of a run, with torn writes of
 * several lengths: after restart the log holds exactly the saves that returned, the last of them
 * being current — a save that did not return is never the basis of a message that left.
 */
class WalCrashTest {
  @TempDir Path dir;

  private static byte[] entry(int i) {
    return ByteBuffer.allocate(12).putInt(i).putLong(i * 1_000_003L).array();
  }

  /** Tiny file cap so the run also crosses compactions. */
  private static final Wal.Options OPTS = new Wal.Options(64, 100);

  private static final int SAVES = 30;

  private int mutatingCallsOfCleanRun() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    FileOpener counting = p -> new FaultyFileChannel(FileOpener.DEFAULT.open(p), calls, -1, 0);
    Path f = dir.resolve("clean.wal");
    try (Wal wal = Wal.open(f, OPTS, counting).wal()) {
      for (int i = 0; i < SAVES; i++) {
        wal.save(entry(i));
      }
    }
    return calls.get();
  }

  @Test
  void everyCrashPointRecoversExactlyTheAcknowledgedSaves() throws Exception {
    int total = mutatingCallsOfCleanRun();
    assertTrue(total >= SAVES * 2, "each save writes and fsyncs: " + total);
    for (int k = 1; k <= total; k++) {
      for (int torn : new int[] {0, 5, 11}) {
        Path f = dir.resolve("k" + k + "-" + torn + ".wal");
        AtomicInteger calls = new AtomicInteger();
        int failAt = k;
        FileOpener faulty =
            p -> new FaultyFileChannel(FileOpener.DEFAULT.open(p), calls, failAt, torn);
        int acknowledged = 0;
        try (Wal wal = Wal.open(f, OPTS, faulty).wal()) {
          for (int i = 0; i < SAVES; i++) {
            wal.save(entry(i));
            acknowledged++;
          }
        } catch (IOException crash) {
          // the process dies here
        }
        Wal.Recovered r = Wal.open(f, OPTS, FileOpener.DEFAULT);
        r.wal().close();
        String where = "crash at call " + k + " torn " + torn;
        if (acknowledged == 0) {
          assertTrue(
              r.last().isEmpty() || java.util.Arrays.equals(r.last().get(), entry(0)), where);
        } else {
          byte[] last = r.last().orElseThrow(() -> new AssertionError(where + ": lost all saves"));
          int lastIndex = ByteBuffer.wrap(last).getInt();
          // The unacknowledged save may or may not have reached the disk (the fsync failed after
          // the write); never anything older than the last acknowledged save, never garbage.
          assertTrue(
              lastIndex == acknowledged - 1 || lastIndex == acknowledged,
              where + ": recovered " + lastIndex + ", acknowledged " + acknowledged);
          assertArrayEquals(entry(lastIndex), last, where);
        }
        assertTrue(Files.size(f) <= OPTS.maxFileBytes() + 2 * (8 + 12), where);
      }
    }
  }

  @Test
  void compactionKeepsOnlyTheCurrentEntryAndSurvivesReopen() throws Exception {
    Path f = dir.resolve("c.wal");
    try (Wal wal = Wal.open(f, OPTS, FileOpener.DEFAULT).wal()) {
      for (int i = 0; i < 50; i++) {
        wal.save(entry(i));
      }
      assertEquals(50, wal.saves());
    }
    Wal.Recovered r = Wal.open(f, OPTS, FileOpener.DEFAULT);
    r.wal().close();
    assertArrayEquals(entry(49), r.last().orElseThrow());
    assertTrue(r.entries().size() < 50);
  }
}
