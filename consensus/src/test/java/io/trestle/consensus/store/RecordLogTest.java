package io.trestle.consensus.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exhaustive damage tests: every truncation length and every single-byte corruption. */
class RecordLogTest {
  @TempDir Path dir;

  private static List<byte[]> sample() {
    List<byte[]> r = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      byte[] p = new byte[i * 7 + (i == 2 ? 0 : 3)];
      for (int j = 0; j < p.length; j++) {
        p[j] = (byte) (31 * i + j);
      }
      r.add(p);
    }
    return r;
  }

  private byte[] write(List<byte[]> records) throws Exception {
    Path f = dir.resolve("base.log");
    try (RecordLog log = RecordLog.open(f, 1024, FileOpener.DEFAULT).log()) {
      for (byte[] r : records) {
        log.append(r);
      }
      log.sync();
    }
    byte[] bytes = Files.readAllBytes(f);
    Files.delete(f);
    return bytes;
  }

  private static void assertPrefix(List<byte[]> expected, List<byte[]> got) {
    assertTrue(got.size() <= expected.size());
    for (int i = 0; i < got.size(); i++) {
      assertArrayEquals(expected.get(i), got.get(i), "record " + i);
    }
  }

  @Test
  void roundTripAndReadByOffset() throws Exception {
    Path f = dir.resolve("a.log");
    List<Long> at = new ArrayList<>();
    try (RecordLog log = RecordLog.open(f, 1024, FileOpener.DEFAULT).log()) {
      for (byte[] r : sample()) {
        at.add(log.append(r));
      }
      log.sync();
    }
    RecordLog.Opened o = RecordLog.open(f, 1024, FileOpener.DEFAULT);
    try (RecordLog log = o.log()) {
      assertEquals(sample().size(), o.records().size());
      assertPrefix(sample(), o.records());
      assertEquals(at, o.offsets());
      assertArrayEquals(sample().get(3), log.read(at.get(3)));
      assertTrue(o.repaired().isEmpty());
    }
  }

  @Test
  void everyTruncationRecoversTheCompleteRecordsAsATornTail() throws Exception {
    byte[] full = write(sample());
    for (int len = 0; len <= full.length; len++) {
      Path f = dir.resolve("t" + len + ".log");
      Files.write(f, java.util.Arrays.copyOf(full, len));
      RecordLog.Opened o = RecordLog.open(f, 1024, FileOpener.DEFAULT);
      o.log().close();
      assertPrefix(sample(), o.records());
      long intact = o.offsets().isEmpty() ? 0 : o.log().size();
      assertEquals(intact, Files.size(f), "torn tail truncated at length " + len);
      if (o.repaired().isPresent()) {
        assertEquals(len - Files.size(f), o.repaired().get().droppedBytes());
      }
    }
  }

  @Test
  void everySingleByteCorruptionIsDetectedNeverMisread() throws Exception {
    List<byte[]> recs = sample();
    byte[] full = write(recs);
    int corrupt = 0;
    for (int i = 0; i < full.length; i++) {
      byte[] bad = full.clone();
      bad[i] ^= 0x5A;
      Path f = dir.resolve("c" + i + ".log");
      Files.write(f, bad);
      try {
        RecordLog.Opened o = RecordLog.open(f, 1024, FileOpener.DEFAULT);
        o.log().close();
        assertPrefix(recs, o.records());
        assertTrue(o.records().size() < recs.size(), "corruption at byte " + i + " went unnoticed");
        assertTrue(o.repaired().isPresent());
      } catch (WalCorruptException e) {
        corrupt++;
        assertTrue(e.damage().offset() <= i);
      }
    }
    assertTrue(corrupt > 0);
  }

  @Test
  void zeroFilledTailIsTornNotCorrupt() throws Exception {
    byte[] full = write(sample());
    Path f = dir.resolve("z.log");
    Files.write(f, java.util.Arrays.copyOf(full, full.length + 4096));
    RecordLog.Opened o = RecordLog.open(f, 1024, FileOpener.DEFAULT);
    o.log().close();
    assertEquals(sample().size(), o.records().size());
    assertEquals(full.length, Files.size(f));
  }

  @Test
  void oversizedAppendIsRefusedAndLogStaysUsable() throws Exception {
    try (RecordLog log = RecordLog.open(dir.resolve("o.log"), 16, FileOpener.DEFAULT).log()) {
      assertThrows(IllegalArgumentException.class, () -> log.append(new byte[17]));
      log.append(new byte[16]);
      log.sync();
      assertEquals(24, log.size());
    }
  }

  @Test
  void afterAFailedWriteTheLogRefusesFurtherUse() throws Exception {
    var counter = new java.util.concurrent.atomic.AtomicInteger();
    FileOpener faulty = p -> new FaultyFileChannel(FileOpener.DEFAULT.open(p), counter, 2, 3);
    try (RecordLog log = RecordLog.open(dir.resolve("f.log"), 64, faulty).log()) {
      log.append(new byte[] {1});
      assertThrows(IOException.class, () -> log.append(new byte[] {2}));
      assertThrows(IOException.class, () -> log.append(new byte[] {3}));
      assertThrows(IOException.class, log::sync);
    }
  }
}
