package io.trestle.relayer.deliver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.relayer.store.DurableFile;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TxSender} with a {@link FileTxJournal}: what a restart does with unmined transactions. */
class TxJournalTest {
  static final String TO = TxSenderTest.TO;
  static final EvmKey KEY =
      EvmKey.fromPrivateKey("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

  @TempDir Path dir;
  final TxSenderTest.FakeNode node = new TxSenderTest.FakeNode();
  boolean mining;

  TxSender sender(TxJournal journal) {
    return new TxSender(
        node,
        31337,
        KEY,
        TxSenderTest.fees(),
        Duration.ofSeconds(1),
        Duration.ofMillis(250),
        1,
        d -> {
          if (mining && !node.hashes.isEmpty()) {
            node.mined.add(node.hashes.getLast());
          }
        },
        journal);
  }

  @Test
  void aRestartRebroadcastsTheUnminedTransactionAndNeverReusesItsNonce() throws Exception {
    Path file = dir.resolve("tx.journal");
    TxSender before = sender(FileTxJournal.open(file));
    assertThrows(TxSender.TxTimeoutException.class, () -> before.send(TO, new byte[] {1}));
    String first = node.hashes.getFirst();

    // "Crash": a new sender over the same file. The node forgot its pool (pending back to 5).
    FileTxJournal journal = FileTxJournal.open(file);
    assertEquals(1, journal.pending().size());
    assertEquals(6, journal.nextNonce());
    mining = true;
    TxSender after = sender(journal);
    assertEquals(1, after.recover());
    assertEquals(first, node.hashes.getLast(), "the same signed bytes, not a new transaction");
    assertArrayEquals(
        node.sent.getFirst().getData().getBytes(), node.sent.getLast().getData().getBytes());
    assertTrue(FileTxJournal.open(file).pending().isEmpty());

    after.send(TO, new byte[] {2});
    assertEquals(BigInteger.valueOf(6), node.sent.getLast().getNonce());
    assertEquals(0, after.recover(), "nothing left to resolve");
  }

  @Test
  void sendResolvesPendingWorkBeforeSigningAnythingNew() throws Exception {
    Path file = dir.resolve("tx.journal");
    assertThrows(
        TxSender.TxTimeoutException.class,
        () -> sender(FileTxJournal.open(file)).send(TO, new byte[] {1}));
    mining = true;
    TxSender after = sender(FileTxJournal.open(file));
    after.send(TO, new byte[] {2});
    // first the old transaction again (nonce 5), then the new call with nonce 6
    assertEquals(3, node.sent.size());
    assertEquals(BigInteger.valueOf(5), node.sent.get(1).getNonce());
    assertEquals(BigInteger.valueOf(6), node.sent.get(2).getNonce());
  }

  @Test
  void aNonceUsedByAnotherTransactionSettles() throws Exception {
    Path file = dir.resolve("tx.journal");
    assertThrows(
        TxSender.TxTimeoutException.class,
        () -> sender(FileTxJournal.open(file)).send(TO, new byte[] {1}));
    node.rejectNextWith = 1; // the rebroadcast: "nonce too low", and no receipt of ours
    node.pending = 6;
    TxSender after = sender(FileTxJournal.open(file));
    assertEquals(1, after.recover());
    assertTrue(FileTxJournal.open(file).pending().isEmpty());
  }

  @Test
  void aStillUnminedTransactionStaysPendingAndIsTyped() throws Exception {
    Path file = dir.resolve("tx.journal");
    assertThrows(
        TxSender.TxTimeoutException.class,
        () -> sender(FileTxJournal.open(file)).send(TO, new byte[] {1}));
    TxSender after = sender(FileTxJournal.open(file));
    assertThrows(TxSender.TxTimeoutException.class, after::recover);
    assertThrows(TxSender.TxTimeoutException.class, () -> after.send(TO, new byte[] {2}));
    assertEquals(1, FileTxJournal.open(file).pending().size());
    assertEquals(1, node.sent.stream().map(t -> t.getNonce()).distinct().count(), "no new nonce");
  }

  @Test
  void aDamagedJournalIsRefused() throws Exception {
    Path file = dir.resolve("tx.journal");
    assertThrows(
        TxSender.TxTimeoutException.class,
        () -> sender(FileTxJournal.open(file)).send(TO, new byte[] {1}));
    byte[] b = Files.readAllBytes(file);
    b[6] ^= 1;
    Files.write(file, b);
    assertThrows(DurableFile.CorruptStateException.class, () -> FileTxJournal.open(file));
  }
}
