package io.trestle.consensus.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signer bitmaps of certificates: bit i (byte i/8, bit i%8, least significant first) set when
 * member i signed. A bitmap for n members is exactly ceil(n/8) bytes with no bit at or above n.
 */
public final class SignerBitmap {
  private SignerBitmap() {}

  /** Bitmap of the given ascending, distinct signer indices for a committee of {@code n}. */
  public static byte[] encode(List<Integer> signers, int n) {
    byte[] bitmap = new byte[(n + 7) / 8];
    for (int i : signers) {
      bitmap[i / 8] |= (byte) (1 << (i % 8));
    }
    return bitmap;
  }

  /** Signer indices in increasing order, or empty when the bitmap is malformed for {@code n}. */
  public static Optional<List<Integer>> decode(byte[] bitmap, int n) {
    if (bitmap == null || bitmap.length != (n + 7) / 8) {
      return Optional.empty();
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < bitmap.length * 8; i++) {
      if ((bitmap[i / 8] >> (i % 8) & 1) != 0) {
        if (i >= n) {
          return Optional.empty();
        }
        out.add(i);
      }
    }
    return Optional.of(out);
  }
}
