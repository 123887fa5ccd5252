package io.trestle.relayer.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.store.DurableFile;
import io.trestle.relayer.watch.Observation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservationJournalTest {
  @TempDir Path dir;

  static Observation observation(long nonce) {
    GatewayMessage m =
        new GatewayMessage(
            31337,
            "0x" + "01".repeat(20),
            nonce,
            "0x" + "02".repeat(20),
            31338,
            "0x" + "03".repeat(20),
            ("payload " + nonce).getBytes());
    return new Observation(
        m,
        GatewayMessage.toHex(m.id()),
        12,
        "0x" + "aa".repeat(32),
        "0x" + "bb".repeat(32),
        3,
        2,
        1_700_000_000_000L);
  }

  @Test
  void observedAndNotCommittedSurvivesARestart() throws Exception {
    Path f = dir.resolve("observed.state");
    ObservationJournal j = ObservationJournal.open(f);
    Observation a = observation(1);
    Observation b = observation(2);
    j.observed(31337, List.of(a, b));
    j.observed(31337, List.of(a)); // a range reported again after a crash: once
    j.committed(List.of(a.id()));
    assertEquals(Map.of(31337L, List.of(b)), ObservationJournal.open(f).pending());
    ObservationJournal.open(f).committed(List.of(b.id()));
    assertTrue(ObservationJournal.open(f).pending().isEmpty());
  }

  @Test
  void aDamagedLineIsRefused() throws Exception {
    Path f = dir.resolve("observed.state");
    DurableFile.save(f, "obs 31337 12 0xaa 0xbb 3 2 17 zz\n");
    assertThrows(DurableFile.CorruptStateException.class, () -> ObservationJournal.open(f));
  }
}
