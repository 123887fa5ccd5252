package io.trestle.abi.runtime;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Value helpers for generated records: range checks in compact constructors, and content-based
 * equality, hash code and hex rendering of {@code byte[]} components.
 */
public final class AbiValues {
  private static final HexFormat HEX = HexFormat.of();

  private AbiValues() {}

  /** Checks {@code 0 <= v < 2^bits} (bits < 64) and returns v. */
  public static long checkUint(long v, int bits, String field) {
    if (bits < 64 && (v >>> bits) != 0) {
      throw new IllegalArgumentException(field + " = " + v + " does not fit uint" + bits);
    }
    return v;
  }

  /** Checks {@code -2^(bits-1) <= v < 2^(bits-1)} and returns v. */
  public static long checkInt(long v, int bits, String field) {
    int shift = 64 - bits;
    if (((v << shift) >> shift) != v) {
      throw new IllegalArgumentException(field + " = " + v + " does not fit int" + bits);
    }
    return v;
  }

  /** Checks that {@code v} fits uintN or intN (N = bits) and returns it. */
  public static BigInteger checkBig(BigInteger v, int bits, boolean signed, String field) {
    boolean ok = signed ? v.bitLength() <= bits - 1 : v.signum() >= 0 && v.bitLength() <= bits;
    if (!ok) {
      throw new IllegalArgumentException(
          field + " = " + v + " does not fit " + (signed ? "int" : "uint") + bits);
    }
    return v;
  }

  /** Checks the length of a fixed-size byte array (address, bytesN) and returns it. */
  public static byte[] checkLength(byte[] v, int length, String field) {
    if (v.length != length) {
      throw new IllegalArgumentException(field + " has " + v.length + " bytes, expected " + length);
    }
    return v;
  }

  /** Checks the size of a fixed-size array {@code T[k]}. */
  public static <T> List<T> checkSize(List<T> v, int size, String field) {
    if (v.size() != size) {
      throw new IllegalArgumentException(
          field + " has " + v.size() + " elements, expected " + size);
    }
    return v;
  }

  /** Checks every element of a list of fixed-size byte arrays. */
  public static List<byte[]> checkLengths(List<byte[]> v, int length, String field) {
    for (byte[] b : v) {
      checkLength(b, length, field + " element");
    }
    return v;
  }

  /** Content equality of two lists of byte arrays. */
  public static boolean equals(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Content hash code of a list of byte arrays, consistent with {@link #equals(List, List)}. */
  public static int hashCode(List<byte[]> v) {
    int h = 1;
    for (byte[] b : v) {
      h = 31 * h + Arrays.hashCode(b);
    }
    return h;
  }

  /** {@code 0x}-prefixed lower-case hex. */
  public static String hex(byte[] v) {
    return "0x" + HEX.formatHex(v);
  }

  /** Hex of each element, as a list. */
  public static String hex(List<byte[]> v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(hex(v.get(i)));
    }
    return sb.append(']').toString();
  }
}
