package io.trestle.verifier.quorum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SignerBitmapTest {
  @Test
  void layoutIsLsbFirstPerByte() {
    assertArrayEquals(
        new byte[] {0b0000_0101, (byte) 0b1000_0000},
        SignerBitmap.encode(new int[] {0, 2, 15}, 16));
    assertArrayEquals(
        new int[] {0, 2, 15}, SignerBitmap.decode(new byte[] {5, (byte) 0x80}, 16).orElseThrow());
    assertArrayEquals(new byte[] {0}, SignerBitmap.encode(new int[0], 1));
  }

  @Test
  void roundTripAndCanonicalLength() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int n = 1; n <= 256; n++) {
      byte[] b = new byte[SignerBitmap.length(n)];
      rnd.nextBytes(b);
      Optional<int[]> d = SignerBitmap.decode(b, n);
      boolean hasBitBeyond = false;
      for (int i = n; i < b.length * 8; i++) {
        hasBitBeyond |= (b[i / 8] >>> (i % 8) & 1) != 0;
      }
      assertEquals(!hasBitBeyond, d.isPresent(), "n=" + n);
      if (d.isPresent()) {
        assertArrayEquals(b, SignerBitmap.encode(d.get(), n));
      }
      assertTrue(SignerBitmap.decode(new byte[b.length + 1], n).isEmpty());
      if (b.length > 1) {
        assertTrue(SignerBitmap.decode(new byte[b.length - 1], n).isEmpty());
      }
    }
  }
}
