package io.trestle.relayer.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trestle.canonical.v1.BatchAttestation;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.MerklePath;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The relayer's encodings against the generated canonical records (abi-codegen). */
class CanonicalRecordsTest {
  final SplittableRandom random = new SplittableRandom(7);

  @Test
  void messagesEncodeAndHashLikeTheGeneratedRecord() {
    for (int i = 0; i < 200; i++) {
      GatewayMessage m = CanonicalEncodingTest.randomMessage(random);
      CrossChainMessage c = m.toCanonical();
      assertArrayEquals(c.encode(), m.encode());
      assertArrayEquals(c.hash(), m.id());
      assertEquals(m, GatewayMessage.fromCanonical(CrossChainMessage.decode(m.encode())));
    }
  }

  @Test
  void pathsAndAttestationsEncodeLikeTheGeneratedRecords() {
    for (int i = 0; i < 50; i++) {
      List<byte[]> siblings = new ArrayList<>();
      for (int k = random.nextInt(0, 9); k > 0; k--) {
        byte[] s = new byte[32];
        random.nextBytes(s);
        siblings.add(s);
      }
      InclusionPath p = new InclusionPath(random.nextLong(), random.nextLong(), siblings);
      assertArrayEquals(
          new MerklePath(p.leafIndex(), p.leafCount(), siblings).encode(), p.encode());
      byte[] cid = new byte[32];
      byte[] root = new byte[32];
      random.nextBytes(cid);
      random.nextBytes(root);
      Attestation a =
          new Attestation(cid, random.nextLong(), random.nextLong(), root, random.nextLong());
      assertArrayEquals(
          new BatchAttestation(cid, a.epoch(), a.height(), root, a.destChainId()).encode(),
          a.encode());
    }
  }
}
