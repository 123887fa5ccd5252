package io.trestle.abi.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

class Keccak256Test {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] reference(byte[] in) {
    KeccakDigest d = new KeccakDigest(256);
    d.update(in, 0, in.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  @Test
  void knownVectors() {
    assertEquals(
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
        HEX.formatHex(Keccak256.hash(new byte[0])));
    assertEquals(
        "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
        HEX.formatHex(Keccak256.hash("abc".getBytes(StandardCharsets.US_ASCII))));
    // Solidity: keccak256("transfer(address,uint256)") starts with the ERC-20 selector a9059cbb.
    assertEquals(
        "a9059cbb2ab09eb219583f4a59a5d0623ade346d962bcd4e46b11da047c9049b",
        HEX.formatHex(
            Keccak256.hash("transfer(address,uint256)".getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void differsFromSha3Padding() throws Exception {
    byte[] sha3 = java.security.MessageDigest.getInstance("SHA3-256").digest(new byte[0]);
    assertEquals(
        "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", HEX.formatHex(sha3));
    assertEquals(false, java.util.Arrays.equals(sha3, Keccak256.hash(new byte[0])));
  }

  @Test
  void matchesBouncyCastleOnRandomLengths() {
    SplittableRandom rnd = new SplittableRandom(0x6b656363616bL);
    for (int len = 0; len <= 1000; len++) {
      byte[] in = new byte[len];
      rnd.nextBytes(in);
      assertArrayEquals(reference(in), Keccak256.hash(in), "length " + len);
    }
  }

  @Test
  void incrementalEqualsOneShotForAnySplit() {
    SplittableRandom rnd = new SplittableRandom(42);
    Keccak256 k = new Keccak256();
    for (int trial = 0; trial < 300; trial++) {
      byte[] in = new byte[rnd.nextInt(700)];
      rnd.nextBytes(in);
      int pos = 0;
      while (pos < in.length) {
        int n = rnd.nextInt(in.length - pos + 1);
        if (n == 1 && rnd.nextBoolean()) {
          k.update(in[pos] & 0xff);
        } else {
          k.update(in, pos, n);
        }
        pos += n;
      }
      // digest() resets, so the same instance is reused across trials.
      assertArrayEquals(reference(in), k.digest(), "trial " + trial);
    }
  }

  @Test
  void offsetRangeAndPairHash() {
    byte[] in = new byte[300];
    new SplittableRandom(7).nextBytes(in);
    byte[] slice = java.util.Arrays.copyOfRange(in, 17, 17 + 200);
    assertArrayEquals(reference(slice), Keccak256.hash(in, 17, 200));
    byte[] a = java.util.Arrays.copyOfRange(in, 0, 100);
    byte[] b = java.util.Arrays.copyOfRange(in, 100, 300);
    assertArrayEquals(reference(in), Keccak256.hash(a, b));
    assertThrows(IndexOutOfBoundsException.class, () -> Keccak256.hash(in, 200, 101));
    assertThrows(IndexOutOfBoundsException.class, () -> Keccak256.hash(in, -1, 2));
  }
}
