package io.trestle.verifier.quorum;

import java.util.Optional;

/**
 * Signer bitmaps of certificates: bit {@code i} (byte {@code i / 8}, bit {@code i % 8}, least
 * significant first) is set when member {@code i} signed.
 *
 * <p>Canonical form, the only one accepted: exactly {@code ceil(n / 8)} bytes for a committee of
 * {@code n} members (no trailing zero bytes, no missing bytes), and no bit set at an index {@code
 * >= n}. So one signer set has exactly one bitmap.
 */
public final class SignerBitmap {
  private SignerBitmap() {}

  /** Length in bytes of the bitmap of a committee of {@code memberCount} members. */
  public static int length(int memberCount) {
    return (memberCount + 7) / 8;
  }

  /**
   * Signer indices in increasing order, or empty if {@code bitmap} is not the canonical bitmap of a
   * subset of {@code memberCount} members (wrong length, or a bit set at an index {@code >=
   * memberCount}).
   */
  public static Optional<int[]> decode(byte[] bitmap, int memberCount) {
    if (bitmap == null || bitmap.length != length(memberCount)) {
      return Optional.empty();
    }
    int count = 0;
    for (byte b : bitmap) {
      count += Integer.bitCount(b & 0xff);
    }
    int[] signers = new int[count];
    int k = 0;
    for (int i = 0; i < bitmap.length * 8; i++) {
      if ((bitmap[i >>> 3] >>> (i & 7) & 1) != 0) {
        if (i >= memberCount) {
          return Optional.empty();
        }
        signers[k++] = i;
      }
    }
    return Optional.of(signers);
  }

  /**
   * The canonical bitmap of {@code signers} in a committee of {@code memberCount} members.
   *
   * @throws IllegalArgumentException if an index is outside {@code [0, memberCount)}
   */
  public static byte[] encode(int[] signers, int memberCount) {
    byte[] bitmap = new byte[length(memberCount)];
    for (int s : signers) {
      if (s < 0 || s >= memberCount) {
        throw new IllegalArgumentException("signer " + s + " outside 0.." + (memberCount - 1));
      }
      bitmap[s >>> 3] |= (byte) (1 << (s & 7));
    }
    return bitmap;
  }
}
