package io.trestle.consensus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.VoteData;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small values of the engine API: bitmaps, hashes, and the output ordering rule. */
class CoreValuesTest {
  private record Safety(int x) implements SafetyRecord {
    @Override
    public byte[] encode() {
      return new byte[] {(byte) x};
    }
  }

  private record Msg() implements EngineMessage {}

  @Test
  void signerBitmapsAreLsbFirstAndExactlySized() {
    byte[] bitmap = SignerBitmap.encode(List.of(0, 3, 8), 10);
    assertEquals(2, bitmap.length);
    assertEquals(0b0000_1001, bitmap[0]);
    assertEquals(0b0000_0001, bitmap[1]);
    assertEquals(Optional.of(List.of(0, 3, 8)), SignerBitmap.decode(bitmap, 10));
    assertTrue(SignerBitmap.decode(new byte[] {0, 0b0000_0100}, 10).isEmpty(), "bit 10 >= n");
    assertTrue(SignerBitmap.decode(new byte[1], 10).isEmpty(), "too short");
    assertTrue(SignerBitmap.decode(new byte[3], 10).isEmpty(), "too long");
  }

  @Test
  void persistSafetyMustComeFirst() {
    var persist = new Action.PersistSafety(new Safety(1));
    var send = new Action.Broadcast(new Msg());
    assertEquals(2, new Output(List.of(persist, send)).actions().size());
    assertThrows(IllegalArgumentException.class, () -> new Output(List.of(send, persist)));
    assertThrows(IllegalArgumentException.class, () -> new Output(List.of(persist, persist)));
  }

  @Test
  void hash32RejectsWrongLengthsAndCopies() {
    assertThrows(IllegalArgumentException.class, () -> Hash32.of(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> Hash32.of(null));
    byte[] b = new byte[32];
    Hash32 h = Hash32.of(b);
    b[0] = 1;
    assertTrue(h.isZero(), "Hash32 keeps its own copy");
  }

  @Test
  void certificatesRefuseWrongCommitteeBitmapsAndCounts() {
    var committee = new CommitteeView(io.trestle.consensus.sim.TestCommittee.ofSize(4, 9));
    var certs = new Certificates((pk, d, s) -> s.length == 64, 16);
    VoteData d =
        new VoteData(committee.committeeId().bytes(), 0, 1, 1, new byte[32], 0, new byte[32]);
    byte[] sig = new byte[64];
    var ok =
        new QuorumCertificate(d, SignerBitmap.encode(List.of(0, 1, 2), 4), List.of(sig, sig, sig));
    assertTrue(certs.checkQc(ok, committee).isEmpty());
    var two = new QuorumCertificate(d, SignerBitmap.encode(List.of(0, 1), 4), List.of(sig, sig));
    assertEquals(Optional.of(CertificateError.NO_QUORUM), certs.checkQc(two, committee));
    var count = new QuorumCertificate(d, SignerBitmap.encode(List.of(0, 1, 2), 4), List.of(sig));
    assertEquals(Optional.of(CertificateError.COUNT_MISMATCH), certs.checkQc(count, committee));
    var bits =
        new QuorumCertificate(
            d, new byte[] {(byte) 0xF7}, List.of(sig, sig, sig, sig, sig, sig, sig));
    assertEquals(Optional.of(CertificateError.BAD_BITMAP), certs.checkQc(bits, committee));
    VoteData other = new VoteData(new byte[32], 0, 1, 1, new byte[32], 0, new byte[32]);
    var foreign = new QuorumCertificate(other, ok.signers(), ok.signatures());
    assertEquals(Optional.of(CertificateError.WRONG_COMMITTEE), certs.checkQc(foreign, committee));
    var badSig = new QuorumCertificate(d, ok.signers(), List.of(sig, new byte[3], sig));
    assertEquals(Optional.of(CertificateError.BAD_SIGNATURE), certs.checkQc(badSig, committee));
  }
}
