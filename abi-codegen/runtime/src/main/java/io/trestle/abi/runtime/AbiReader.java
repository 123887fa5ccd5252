package io.trestle.abi.runtime;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strict reader of Solidity ABI words at absolute positions of an input that may be hostile.
 *
 * <p>Every method checks that the bytes it reads exist and are canonical (zero or sign-extension
 * padding, value in range, bool 0 or 1), and throws {@link AbiDecodeException} naming the field
 * otherwise. Lengths are checked against the remaining input before anything is allocated, so a
 * claimed length never causes more allocation than a constant factor of the input size. Not
 * thread-safe only in the sense that it wraps a caller-owned array, which must not change while
 * decoding.
 */
public final class AbiReader {
  private static final int WORD = AbiWriter.WORD;

  private final byte[] in;

  /** Wraps {@code in} (not copied). */
  public AbiReader(byte[] in) {
    this.in = in;
  }

  /** Length of the input in bytes. */
  public int length() {
    return in.length;
  }

  /** Checks that {@code [pos, pos + size)} lies within the input. */
  public void require(int pos, long size, String field) {
    if (pos < 0 || pos + size > in.length) {
      throw new AbiDecodeException(
          pos,
          field + ": truncated input, needs " + size + " bytes, " + (in.length - pos) + " left");
    }
  }

  /** Reads an unsigned integer of {@code bits} (8..64) bits; uint64 comes back as a raw long. */
  public long readUint(int pos, int bits, String field) {
    require(pos, WORD, field);
    int nb = bits / 8;
    checkFill(pos, WORD - nb, (byte) 0, field, "uint" + bits + " out of range");
    return readTail(pos, nb);
  }

  /** Reads a signed integer of {@code bits} (8..64) bits. */
  public long readInt(int pos, int bits, String field) {
    require(pos, WORD, field);
    int nb = bits / 8;
    long v = readTail(pos, nb);
    int shift = 64 - bits;
    v = (v << shift) >> shift;
    checkFill(pos, WORD - nb, v < 0 ? (byte) 0xff : 0, field, "int" + bits + " out of range");
    return v;
  }

  /** Reads an unsigned integer of 72..256 bits. */
  public BigInteger readBigUint(int pos, int bits, String field) {
    require(pos, WORD, field);
    int nb = bits / 8;
    checkFill(pos, WORD - nb, (byte) 0, field, "uint" + bits + " out of range");
    return new BigInteger(1, in, pos + WORD - nb, nb);
  }

  /** Reads a signed integer of 72..256 bits. */
  public BigInteger readBigInt(int pos, int bits, String field) {
    require(pos, WORD, field);
    int nb = bits / 8;
    BigInteger v = new BigInteger(in, pos + WORD - nb, nb);
    checkFill(
        pos, WORD - nb, v.signum() < 0 ? (byte) 0xff : 0, field, "int" + bits + " out of range");
    return v;
  }

  /** Reads a bool word, which must be exactly 0 or 1. */
  public boolean readBool(int pos, String field) {
    require(pos, WORD, field);
    checkFill(pos, WORD - 1, (byte) 0, field, "bool is not 0 or 1");
    byte b = in[pos + WORD - 1];
    if (b != 0 && b != 1) {
      throw new AbiDecodeException(pos, field + ": bool is not 0 or 1");
    }
    return b == 1;
  }

  /** Reads a 20-byte address (12 zero bytes, then the address). */
  public byte[] readAddress(int pos, String field) {
    require(pos, WORD, field);
    checkFill(pos, 12, (byte) 0, field, "address has non-zero high bytes");
    return Arrays.copyOfRange(in, pos + 12, pos + WORD);
  }

  /** Reads a bytesN value: N bytes, then zero padding. */
  public byte[] readBytesN(int pos, int n, String field) {
    require(pos, WORD, field);
    checkFill(pos + n, WORD - n, (byte) 0, field, "bytes" + n + " has non-zero padding");
    return Arrays.copyOfRange(in, pos, pos + n);
  }

  /**
   * Reads the offset word of a dynamic component and checks it points exactly where the canonical
   * encoding puts it ({@code expected}, relative to the enclosing tuple or array).
   */
  public void readOffset(int pos, int expected, String field) {
    require(pos, WORD, field);
    if (!isFill(pos, WORD - 4, (byte) 0) || readTail(pos, 4) != expected) {
      throw new AbiDecodeException(
          pos, field + ": offset is not the canonical " + expected + " (non-canonical layout)");
    }
  }

  /**
   * Reads the length word of a dynamic array or {@code bytes} at {@code pos} and checks that {@code
   * length * minBytesPerItem} bytes follow it in the input.
   */
  public int readLength(int pos, int minBytesPerItem, String field) {
    require(pos, WORD, field);
    if (!isFill(pos, WORD - 4, (byte) 0)) {
      throw new AbiDecodeException(pos, field + ": length larger than the input");
    }
    long len = readTail(pos, 4);
    long need = len * minBytesPerItem;
    if (pos + (long) WORD + need > in.length) {
      throw new AbiDecodeException(
          pos,
          field
              + ": length "
              + len
              + " needs "
              + need
              + " bytes, "
              + (in.length - pos - WORD)
              + " left");
    }
    return (int) len;
  }

  /** Reads a dynamic {@code bytes} (length word, data, zero padding) starting at {@code pos}. */
  public byte[] readBytes(int pos, String field) {
    int len = readLength(pos, 1, field);
    int start = pos + WORD;
    int padded = AbiWriter.padded(len);
    require(start, padded, field);
    checkFill(start + len, padded - len, (byte) 0, field, "bytes has non-zero padding");
    return Arrays.copyOfRange(in, start, start + len);
  }

  /** Reads a {@code string} like {@link #readBytes}; it must be valid UTF-8. */
  public String readString(int pos, String field) {
    byte[] utf8 = readBytes(pos, field);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AbiDecodeException(pos, field + ": string is not valid UTF-8");
    }
  }

  /** Throws unless the input ends exactly at {@code end}. */
  public void requireEnd(int end, String what) {
    if (end != in.length) {
      throw new AbiDecodeException(
          end, what + ": " + (in.length - end) + " trailing bytes after the encoding");
    }
  }

  private void checkFill(int pos, int n, byte fill, String field, String problem) {
    if (!isFill(pos, n, fill)) {
      throw new AbiDecodeException(pos, field + ": " + problem);
    }
  }

  private boolean isFill(int pos, int n, byte fill) {
    for (int i = pos; i < pos + n; i++) {
      if (in[i] != fill) {
        return false;
      }
    }
    return true;
  }

  private long readTail(int pos, int nb) {
    long v = 0;
    for (int i = pos + WORD - nb; i < pos + WORD; i++) {
      v = (v << 8) | (in[i] & 0xff);
    }
    return v;
  }
}
