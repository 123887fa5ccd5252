package io.trestle.abi.runtime;

import java.math.BigInteger;

/**
 * Writes Solidity ABI words into a pre-sized, zero-filled output array (Solidity ABI spec, "Formal
 * Specification of the Encoding"). Generated encoders first compute the exact encoded size,
 * allocate the output once and then call these methods at absolute positions: no other allocation
 * happens (except {@link #putBig} for integers wider than 64 bits).
 *
 * <p>Callers pass values that were range-checked when their record was constructed; zero padding is
 * never written because the output starts zero-filled.
 */
public final class AbiWriter {
  /** Size of one ABI word in bytes. */
  public static final int WORD = 32;

  private AbiWriter() {}

  /** Writes {@code v} as an unsigned integer word (uint8..uint64; uint64 carried unsigned). */
  public static void putUint(byte[] out, int pos, long v) {
    putLong(out, pos + 24, v);
  }

  /** Writes {@code v} as a two's complement signed integer word (int8..int64). */
  public static void putInt(byte[] out, int pos, long v) {
    if (v < 0) {
      for (int i = pos; i < pos + 24; i++) {
        out[i] = (byte) 0xff;
      }
    }
    putLong(out, pos + 24, v);
  }

  /** Writes a bool word: 0 or 1. */
  public static void putBool(byte[] out, int pos, boolean v) {
    if (v) {
      out[pos + 31] = 1;
    }
  }

  /**
   * Writes a range-checked integer wider than 64 bits, two's complement, sign-extended to 32 bytes.
   */
  public static void putBig(byte[] out, int pos, BigInteger v) {
    byte[] b = v.toByteArray();
    int n = Math.min(b.length, WORD);
    System.arraycopy(b, b.length - n, out, pos + WORD - n, n);
    if (v.signum() < 0) {
      for (int i = pos; i < pos + WORD - n; i++) {
        out[i] = (byte) 0xff;
      }
    }
  }

  /** Writes a 20-byte address right-aligned in its word. */
  public static void putAddress(byte[] out, int pos, byte[] address) {
    System.arraycopy(address, 0, out, pos + 12, 20);
  }

  /** Writes a bytesN value (N = {@code value.length}) left-aligned in its word. */
  public static void putBytesN(byte[] out, int pos, byte[] value) {
    System.arraycopy(value, 0, out, pos, value.length);
  }

  /** Writes a dynamic {@code bytes}: length word, then the data zero-padded; returns the end. */
  public static int putBytes(byte[] out, int pos, byte[] value) {
    putUint(out, pos, value.length);
    System.arraycopy(value, 0, out, pos + WORD, value.length);
    return pos + bytesSize(value);
  }

  /** Writes a {@code string} as its UTF-8 bytes like {@link #putBytes}; returns the end. */
  public static int putString(byte[] out, int pos, String value) {
    int len = utf8Length(value);
    putUint(out, pos, len);
    int p = pos + WORD;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        out[p++] = (byte) c;
      } else if (c < 0x800) {
        out[p++] = (byte) (0xc0 | (c >> 6));
        out[p++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, value.charAt(++i));
        out[p++] = (byte) (0xf0 | (cp >> 18));
        out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        out[p++] = (byte) (0x80 | (cp & 0x3f));
      } else {
        out[p++] = (byte) (0xe0 | (c >> 12));
        out[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        out[p++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    return pos + WORD + padded(len);
  }

  /** Encoded size of a dynamic {@code bytes}: one length word plus the data rounded up to words. */
  public static int bytesSize(byte[] value) {
    return WORD + padded(value.length);
  }

  /** Encoded size of a {@code string}. */
  public static int stringSize(String value) {
    return WORD + padded(utf8Length(value));
  }

  /** {@code n} rounded up to a multiple of 32. */
  public static int padded(int n) {
    return Math.addExact(n, WORD - 1) & -WORD;
  }

  /** Size of {@code count} items of {@code itemSize} bytes; fails instead of overflowing. */
  public static int times(int count, int itemSize) {
    try {
      return Math.multiplyExact(count, itemSize);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("ABI encoding larger than 2 GiB", e);
    }
  }

  /** Sum of two encoded sizes; fails instead of overflowing. */
  public static int add(int a, int b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("ABI encoding larger than 2 GiB", e);
    }
  }

  /**
   * Number of bytes of the UTF-8 encoding of {@code s}.
   *
   * @throws IllegalArgumentException if {@code s} has an unpaired surrogate (not valid Unicode, so
   *     it could not be decoded back to the same string)
   */
  public static int utf8Length(String s) {
    int n = s.length();
    int len = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          len += 1;
        } else if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          len += 2;
          i++;
        } else if (Character.isSurrogate(c)) {
          throw new IllegalArgumentException("string has an unpaired surrogate at index " + i);
        } else {
          len += 2;
        }
      }
    }
    return len;
  }

  private static void putLong(byte[] out, int pos, long v) {
    out[pos] = (byte) (v >>> 56);
    out[pos + 1] = (byte) (v >>> 48);
    out[pos + 2] = (byte) (v >>> 40);
    out[pos + 3] = (byte) (v >>> 32);
    out[pos + 4] = (byte) (v >>> 24);
    out[pos + 5] = (byte) (v >>> 16);
    out[pos + 6] = (byte) (v >>> 8);
    out[pos + 7] = (byte) v;
  }
}
