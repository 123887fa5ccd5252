package io.trestle.abi.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Keccak-256 as used by Ethereum: the Keccak[r=1088, c=512] sponge with the original multi-rate
 * padding (domain byte {@code 0x01}), <em>not</em> FIPS 202 SHA3-256 (domain byte {@code 0x06}).
 *
 * <p>The static {@link #hash(byte[])} methods are thread-safe. An instance is an incremental hasher
 * owned by one thread at a time: {@link #update} any number of times, then {@link #digest()}, which
 * returns the 32-byte hash and resets the instance for reuse.
 *
 * <p>Implementation: 25 lanes as {@code long}s, theta/rho/pi/chi/iota of each round unrolled over
 * local variables, lanes read little-endian through a {@link VarHandle}. No allocation per block.
 */
public final class Keccak256 {
  /** Digest length in bytes. */
  public static final int DIGEST_LENGTH = 32;

  /** Sponge rate in bytes (1600 - 2 * 256 bits). */
  static final int RATE = 136;

  private static final int RATE_LANES = RATE / 8;

  private static final VarHandle LANE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long[] RC = {
    0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
    0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
    0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
    0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
    0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
    0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L
  };

  private final long[] state = new long[25];
  private final byte[] buffer = new byte[RATE];
  private int buffered;

  /** A fresh incremental hasher. */
  public Keccak256() {}

  /** Returns keccak256(input). */
  public static byte[] hash(byte[] input) {
    return hash(input, 0, input.length);
  }

  /**
   * Returns keccak256(input[offset, offset + length)).
   *
   * @throws IndexOutOfBoundsException if the range is outside {@code input}
   */
  public static byte[] hash(byte[] input, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, input.length);
    long[] s = new long[25];
    int end = offset + length;
    int pos = offset;
    while (end - pos >= RATE) {
      absorbBlock(s, input, pos);
      pos += RATE;
    }
    // Last block, absorbed in place (no padded copy): whole lanes, then the partial lane with the
    // domain byte 0x01 after the message, and 0x80 in the last byte of the rate.
    int rest = end - pos;
    int lanes = rest >>> 3;
    for (int i = 0; i < lanes; i++) {
      s[i] ^= (long) LANE.get(input, pos + i * 8);
    }
    int tail = pos + lanes * 8;
    int bytes = rest & 7;
    long partial = 0x01L << (8 * bytes);
    for (int k = 0; k < bytes; k++) {
      partial |= (input[tail + k] & 0xffL) << (8 * k);
    }
    s[lanes] ^= partial;
    s[RATE_LANES - 1] ^= 0x8000000000000000L;
    permute(s);
    return squeeze(s);
  }

  /** Returns keccak256(a ‖ b) without concatenating the inputs first. */
  public static byte[] hash(byte[] a, byte[] b) {
    Keccak256 k = new Keccak256();
    k.update(a);
    k.update(b);
    return k.digest();
  }

  /** Absorbs all of {@code input}. */
  public Keccak256 update(byte[] input) {
    return update(input, 0, input.length);
  }

  /**
   * Absorbs {@code input[offset, offset + length)}.
   *
   * @throws IndexOutOfBoundsException if the range is outside {@code input}
   */
  public Keccak256 update(byte[] input, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, input.length);
    int pos = offset;
    int end = offset + length;
    if (buffered > 0) {
      int n = Math.min(RATE - buffered, length);
      System.arraycopy(input, pos, buffer, buffered, n);
      buffered += n;
      pos += n;
      if (buffered < RATE) {
        return this;
      }
      absorbBlock(state, buffer, 0);
      buffered = 0;
    }
    while (end - pos >= RATE) {
      absorbBlock(state, input, pos);
      pos += RATE;
    }
    System.arraycopy(input, pos, buffer, 0, end - pos);
    buffered = end - pos;
    return this;
  }

  /** Absorbs one byte (the low 8 bits of {@code b}). */
  public Keccak256 update(int b) {
    buffer[buffered++] = (byte) b;
    if (buffered == RATE) {
      absorbBlock(state, buffer, 0);
      buffered = 0;
    }
    return this;
  }

  /** Pads, returns the 32-byte hash of everything absorbed, and resets this hasher. */
  public byte[] digest() {
    Arrays.fill(buffer, buffered, RATE, (byte) 0);
    byte[] out = finish(state, buffer, buffered);
    Arrays.fill(state, 0L);
    Arrays.fill(buffer, (byte) 0);
    buffered = 0;
    return out;
  }

  /** Pads the zero-filled tail block holding {@code used} message bytes, absorbs it, squeezes. */
  private static byte[] finish(long[] s, byte[] block, int used) {
    block[used] ^= 0x01;
    block[RATE - 1] ^= (byte) 0x80;
    absorbBlock(s, block, 0);
    return squeeze(s);
  }

  private static byte[] squeeze(long[] s) {
    byte[] out = new byte[DIGEST_LENGTH];
    for (int i = 0; i < 4; i++) {
      LANE.set(out, i * 8, s[i]);
    }
    return out;
  }

  private static void absorbBlock(long[] s, byte[] in, int offset) {
    for (int i = 0; i < RATE_LANES; i++) {
      s[i] ^= (long) LANE.get(in, offset + i * 8);
    }
    permute(s);
  }

  /** Keccak-f[1600]; lane (x, y) is {@code s[x + 5 * y]}, local {@code axy}. */
  static void permute(long[] s) {
    long a00 = s[0];
    long a10 = s[1];
    long a20 = s[2];
    long a30 = s[3];
    long a40 = s[4];
    long a01 = s[5];
    long a11 = s[6];
    long a21 = s[7];
    long a31 = s[8];
    long a41 = s[9];
    long a02 = s[10];
    long a12 = s[11];
    long a22 = s[12];
    long a32 = s[13];
    long a42 = s[14];
    long a03 = s[15];
    long a13 = s[16];
    long a23 = s[17];
    long a33 = s[18];
    long a43 = s[19];
    long a04 = s[20];
    long a14 = s[21];
    long a24 = s[22];
    long a34 = s[23];
    long a44 = s[24];
    for (int round = 0; round < 24; round++) {
      long c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04;
      long c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14;
      long c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24;
      long c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34;
      long c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44;
      long d0 = c4 ^ Long.rotateLeft(c1, 1);
      long d1 = c0 ^ Long.rotateLeft(c2, 1);
      long d2 = c1 ^ Long.rotateLeft(c3, 1);
      long d3 = c2 ^ Long.rotateLeft(c4, 1);
      long d4 = c3 ^ Long.rotateLeft(c0, 1);
      long b00 = a00 ^ d0;
      long b10 = Long.rotateLeft(a11 ^ d1, 44);
      long b20 = Long.rotateLeft(a22 ^ d2, 43);
      long b30 = Long.rotateLeft(a33 ^ d3, 21);
      long b40 = Long.rotateLeft(a44 ^ d4, 14);
      long b01 = Long.rotateLeft(a30 ^ d3, 28);
      long b11 = Long.rotateLeft(a41 ^ d4, 20);
      long b21 = Long.rotateLeft(a02 ^ d0, 3);
      long b31 = Long.rotateLeft(a13 ^ d1, 45);
      long b41 = Long.rotateLeft(a24 ^ d2, 61);
      long b02 = Long.rotateLeft(a10 ^ d1, 1);
      long b12 = Long.rotateLeft(a21 ^ d2, 6);
      long b22 = Long.rotateLeft(a32 ^ d3, 25);
      long b32 = Long.rotateLeft(a43 ^ d4, 8);
      long b42 = Long.rotateLeft(a04 ^ d0, 18);
      long b03 = Long.rotateLeft(a40 ^ d4, 27);
      long b13 = Long.rotateLeft(a01 ^ d0, 36);
      long b23 = Long.rotateLeft(a12 ^ d1, 10);
      long b33 = Long.rotateLeft(a23 ^ d2, 15);
      long b43 = Long.rotateLeft(a34 ^ d3, 56);
      long b04 = Long.rotateLeft(a20 ^ d2, 62);
      long b14 = Long.rotateLeft(a31 ^ d3, 55);
      long b24 = Long.rotateLeft(a42 ^ d4, 39);
      long b34 = Long.rotateLeft(a03 ^ d0, 41);
      long b44 = Long.rotateLeft(a14 ^ d1, 2);
      a00 = b00 ^ (~b10 & b20);
      a10 = b10 ^ (~b20 & b30);
      a20 = b20 ^ (~b30 & b40);
      a30 = b30 ^ (~b40 & b00);
      a40 = b40 ^ (~b00 & b10);
      a01 = b01 ^ (~b11 & b21);
      a11 = b11 ^ (~b21 & b31);
      a21 = b21 ^ (~b31 & b41);
      a31 = b31 ^ (~b41 & b01);
      a41 = b41 ^ (~b01 & b11);
      a02 = b02 ^ (~b12 & b22);
      a12 = b12 ^ (~b22 & b32);
      a22 = b22 ^ (~b32 & b42);
      a32 = b32 ^ (~b42 & b02);
      a42 = b42 ^ (~b02 & b12);
      a03 = b03 ^ (~b13 & b23);
      a13 = b13 ^ (~b23 & b33);
      a23 = b23 ^ (~b33 & b43);
      a33 = b33 ^ (~b43 & b03);
      a43 = b43 ^ (~b03 & b13);
      a04 = b04 ^ (~b14 & b24);
      a14 = b14 ^ (~b24 & b34);
      a24 = b24 ^ (~b34 & b44);
      a34 = b34 ^ (~b44 & b04);
      a44 = b44 ^ (~b04 & b14);
      a00 ^= RC[round];
    }
    s[0] = a00;
    s[1] = a10;
    s[2] = a20;
    s[3] = a30;
    s[4] = a40;
    s[5] = a01;
    s[6] = a11;
    s[7] = a21;
    s[8] = a31;
    s[9] = a41;
    s[10] = a02;
    s[11] = a12;
    s[12] = a22;
    s[13] = a32;
    s[14] = a42;
    s[15] = a03;
    s[16] = a13;
    s[17] = a23;
    s[18] = a33;
    s[19] = a43;
    s[20] = a04;
    s[21] = a14;
    s[22] = a24;
    s[23] = a34;
    s[24] = a44;
  }
}
