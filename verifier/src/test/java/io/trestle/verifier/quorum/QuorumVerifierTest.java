package io.trestle.verifier.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.verifier.quorum.CertificateVerdict.Invalid;
import io.trestle.verifier.quorum.CertificateVerdict.Reason;
import io.trestle.verifier.quorum.CertificateVerdict.Valid;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuorumVerifierTest {
  private static final byte[] DIGEST = TestCommittee.filled(0xd1);
  private final QuorumVerifier verifier = new QuorumVerifier(new SecureRandom());
  private final TestCommittee four = TestCommittee.ofSize(4, 1);

  private static Reason reason(CertificateVerdict v) {
    return assertInstanceOf(Invalid.class, v).reason();
  }

  @Test
  void threeOfFourIsAQuorum() {
    CertificateVerdict v =
        verifier.verify(four.view(), DIGEST, four.bitmap(0, 1, 3), four.sign(DIGEST, 0, 1, 3));
    assertEquals(new Valid(3, BigInteger.valueOf(3)), v);
  }

  @Test
  void twoOfFourIsNot() {
    assertEquals(
        Reason.INSUFFICIENT_WEIGHT,
        reason(verifier.verify(four.view(), DIGEST, four.bitmap(0, 2), four.sign(DIGEST, 0, 2))));
  }

  @Test
  void exactlyTwoThirdsIsNotMoreThanTwoThirds() {
    TestCommittee three = TestCommittee.ofSize(3, 2);
    assertEquals(
        Reason.INSUFFICIENT_WEIGHT,
        reason(
            verifier.verify(three.view(), DIGEST, three.bitmap(0, 1), three.sign(DIGEST, 0, 1))));
    assertTrue(
        verifier
            .verify(three.view(), DIGEST, three.bitmap(0, 1, 2), three.sign(DIGEST, 0, 1, 2))
            .isValid());
  }

  @Test
  void missingSignerSignature() {
    assertEquals(
        Reason.SIGNATURE_COUNT_MISMATCH,
        reason(
            verifier.verify(four.view(), DIGEST, four.bitmap(0, 1, 2), four.sign(DIGEST, 0, 1))));
  }

  @Test
  void duplicateSignerCannotCountTwice() {
    // The bitmap names each member once, so a repeated signature is one too many.
    List<byte[]> sigs = four.sign(DIGEST, 0, 1, 1);
    assertEquals(
        Reason.SIGNATURE_COUNT_MISMATCH,
        reason(verifier.verify(four.view(), DIGEST, four.bitmap(0, 1), sigs)));
    // And a committee cannot list one key twice to double its weight.
    List<CommitteeMember> dup = new ArrayList<>(four.view().members());
    dup.set(3, dup.get(0));
    assertThrows(
        InvalidCommitteeException.class,
        () -> CommitteeView.of(TestCommittee.COMMITTEE_ID, 7, dup));
  }

  @Test
  void bitForANonMemberOrNonCanonicalLengthIsRejected() {
    TestCommittee five = TestCommittee.ofSize(5, 3);
    byte[] bitmap = five.bitmap(0, 1, 2, 3);
    bitmap[0] |= (byte) (1 << 5); // member 5 does not exist
    assertEquals(
        Reason.MALFORMED_BITMAP,
        reason(verifier.verify(five.view(), DIGEST, bitmap, five.sign(DIGEST, 0, 1, 2, 3, 4))));
    byte[] padded = new byte[] {five.bitmap(0, 1, 2, 3)[0], 0};
    assertEquals(
        Reason.MALFORMED_BITMAP,
        reason(verifier.verify(five.view(), DIGEST, padded, five.sign(DIGEST, 0, 1, 2, 3))));
    assertEquals(
        Reason.MALFORMED_BITMAP,
        reason(verifier.verify(five.view(), DIGEST, new byte[0], List.of())));
    assertEquals(
        Reason.MALFORMED_BITMAP, reason(verifier.verify(five.view(), DIGEST, null, List.of())));
  }

  @Test
  void validSignatureOfAnotherMessageIsNamed() {
    List<byte[]> sigs = four.sign(DIGEST, 0, 1, 2);
    sigs.set(1, four.keys().get(1).sign(TestCommittee.filled(0xd2)));
    Invalid v =
        assertInstanceOf(
            Invalid.class, verifier.verify(four.view(), DIGEST, four.bitmap(0, 1, 2), sigs));
    assertEquals(Reason.INVALID_SIGNATURE, v.reason());
    assertTrue(v.detail().contains("signer 1"), v.detail());
  }

  @Test
  void signaturesInWrongOrderFail() {
    List<byte[]> sigs = four.sign(DIGEST, 2, 1, 0);
    assertEquals(
        Reason.INVALID_SIGNATURE,
        reason(verifier.verify(four.view(), DIGEST, four.bitmap(0, 1, 2), sigs)));
  }

  @Test
  void malformedSignatureLength() {
    List<byte[]> sigs = four.sign(DIGEST, 0, 1, 2);
    sigs.set(2, new byte[63]);
    assertEquals(
        Reason.MALFORMED_SIGNATURE,
        reason(verifier.verify(four.view(), DIGEST, four.bitmap(0, 1, 2), sigs)));
  }

  @Test
  void weightsAboveSixtyFourBitsDoNotOverflow() {
    // Three members of weight 2^64-1 (unsigned) and one of weight 1: the total exceeds 2^65.
    TestCommittee heavy = TestCommittee.withWeights(new long[] {-1L, -1L, -1L, 1L}, 4, 1);
    BigInteger max = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
    assertEquals(
        max.multiply(BigInteger.valueOf(3)).add(BigInteger.ONE), heavy.view().totalWeight());
    // Two heavy members: 2 * (2^64-1) * 3 > 2 * total? 6M > 6M + 2 is false: no quorum.
    assertEquals(
        Reason.INSUFFICIENT_WEIGHT,
        reason(
            verifier.verify(heavy.view(), DIGEST, heavy.bitmap(0, 1), heavy.sign(DIGEST, 0, 1))));
    assertEquals(
        new Valid(3, max.multiply(BigInteger.valueOf(3))),
        verifier.verify(heavy.view(), DIGEST, heavy.bitmap(0, 1, 2), heavy.sign(DIGEST, 0, 1, 2)));
  }

  @Test
  void eachSignerItsOwnMessage() {
    List<byte[]> digests = List.of(TestCommittee.filled(1), TestCommittee.filled(2), DIGEST);
    List<byte[]> sigs = new ArrayList<>();
    int[] signers = {0, 2, 3};
    for (int k = 0; k < 3; k++) {
      sigs.add(four.keys().get(signers[k]).sign(digests.get(k)));
    }
    assertTrue(verifier.verifyEach(four.view(), four.bitmap(signers), digests, sigs).isValid());
    List<byte[]> swapped = List.of(digests.get(1), digests.get(0), digests.get(2));
    assertEquals(
        Reason.INVALID_SIGNATURE,
        reason(verifier.verifyEach(four.view(), four.bitmap(signers), swapped, sigs)));
    assertEquals(
        Reason.SIGNATURE_COUNT_MISMATCH,
        reason(
            verifier.verifyEach(four.view(), four.bitmap(signers), digests.subList(0, 2), sigs)));
  }

  @Test
  void randomCommitteesAgreeWithTheWeightRule() {
    SplittableRandom rnd = new SplittableRandom(77);
    for (int trial = 0; trial < 25; trial++) {
      int n = 1 + rnd.nextInt(12);
      long[] w = new long[n];
      for (int i = 0; i < n; i++) {
        w[i] = 1 + rnd.nextInt(10);
      }
      TestCommittee c = TestCommittee.withWeights(w, trial, 0);
      List<Integer> chosen = new ArrayList<>();
      long signed = 0;
      long total = 0;
      for (int i = 0; i < n; i++) {
        total += w[i];
        if (rnd.nextInt(3) != 0) {
          chosen.add(i);
          signed += w[i];
        }
      }
      int[] s = chosen.stream().mapToInt(Integer::intValue).toArray();
      CertificateVerdict v = verifier.verify(c.view(), DIGEST, c.bitmap(s), c.sign(DIGEST, s));
      assertEquals(3 * signed > 2 * total, v.isValid(), "trial " + trial + ": " + v);
    }
  }

  @Test
  void committeeRules() {
    CommitteeMember ok = four.view().members().get(0);
    assertThrows(
        InvalidCommitteeException.class, () -> CommitteeView.of(new byte[31], 0, List.of(ok)));
    assertThrows(
        InvalidCommitteeException.class,
        () -> CommitteeView.of(TestCommittee.COMMITTEE_ID, 0, List.of()));
    assertThrows(
        InvalidCommitteeException.class,
        () ->
            CommitteeView.of(
                TestCommittee.COMMITTEE_ID, 0, List.of(new CommitteeMember(ok.ed25519Key(), 0))));
    // The identity point (small order) encodes as 01 00..00: refused at registration.
    byte[] identity = new byte[32];
    identity[0] = 1;
    assertThrows(
        InvalidCommitteeException.class,
        () ->
            CommitteeView.of(
                TestCommittee.COMMITTEE_ID, 0, List.of(new CommitteeMember(identity, 1))));
    assertThrows(
        InvalidCommitteeException.class,
        () ->
            CommitteeView.of(
                TestCommittee.COMMITTEE_ID, 0, List.of(new CommitteeMember(new byte[33], 1))));
  }
}
