package io.trestle.verifier.cli;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Hex decoding for the CLI's inputs, same rules as {@code HexFormat.of().parseHex} (an even number
 * of digits 0-9, a-f, A-F, nothing else). Written as one table-driven loop because a one-shot CLI
 * decodes a committee's keys while its code still runs in the interpreter.
 */
final class Hex {
  private static final byte[] DIGIT = new byte[256];

  static {
    Arrays.fill(DIGIT, (byte) -1);
    for (int i = 0; i < 10; i++) {
      DIGIT['0' + i] = (byte) i;
    }
    for (int i = 0; i < 6; i++) {
      DIGIT['a' + i] = (byte) (10 + i);
      DIGIT['A' + i] = (byte) (10 + i);
    }
  }

  private Hex() {}

  /** The bytes {@code s} encodes, or {@code null} if it is not valid hex. */
  static byte[] decodeOrNull(String s) {
    // ISO-8859-1 maps every char above 0xff to '?', which is not a digit.
    byte[] t = s.getBytes(StandardCharsets.ISO_8859_1);
    if ((t.length & 1) != 0) {
      return null;
    }
    byte[] out = new byte[t.length >> 1];
    for (int i = 0, j = 0; j < out.length; i += 2, j++) {
      int hi = DIGIT[t[i] & 0xff];
      int lo = DIGIT[t[i + 1] & 0xff];
      if ((hi | lo) < 0) {
        return null;
      }
      out[j] = (byte) (hi << 4 | lo);
    }
    return out;
  }
}
