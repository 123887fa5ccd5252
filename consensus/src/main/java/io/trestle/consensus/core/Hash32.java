package io.trestle.consensus.core;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte digest used as a map key (block hashes, message ids). Holds a private copy; {@link
 * #bytes()} returns a fresh copy, so instances are immutable.
 */
public final class Hash32 implements Comparable<Hash32> {
  /** The all-zero digest: "no block" in headers and votes (parent of genesis, no commit). */
  public static final Hash32 ZERO = new Hash32(new byte[32]);

  private final byte[] value;
  private final int hash;

  private Hash32(byte[] value) {
    this.value = value;
    this.hash = Arrays.hashCode(value);
  }

  /**
   * Wraps a copy of {@code bytes}.
   *
   * @throws IllegalArgumentException when {@code bytes} is not exactly 32 bytes long
   */
  public static Hash32 of(byte[] bytes) {
    if (bytes == null || bytes.length != 32) {
      throw new IllegalArgumentException(
          "expected 32 bytes, got " + (bytes == null ? "null" : bytes.length));
    }
    return new Hash32(bytes.clone());
  }

  /** A fresh copy of the 32 bytes. */
  public byte[] bytes() {
    return value.clone();
  }

  public boolean isZero() {
    return equals(ZERO);
  }

  /** The first four bytes in hex: enough to tell blocks apart in logs and golden traces. */
  public String shortHex() {
    return HexFormat.of().formatHex(value, 0, 4);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash32 h && Arrays.equals(value, h.value);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(Hash32 o) {
    return Arrays.compareUnsigned(value, o.value);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(value);
  }
}
