package io.trestle.relayer.contracts;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.web3j.crypto.Hash;

/**
 * A small Solidity ABI encoder (Solidity ABI spec, "Formal Specification of the Encoding") for the
 * gateway's call shapes, plus strict word readers. Values are either static (their 32-byte words go
 * in the head) or dynamic (an offset goes in the head, their encoding in the tail).
 */
public final class Abi {
  /** Size of an ABI word. */
  public static final int WORD = 32;

  private Abi() {}

  /** One value of a tuple. */
  public sealed interface Value permits Static, Dynamic {}

  /** A static value: its words go in place. */
  public record Static(byte[] words) implements Value {}

  /** A dynamic value: {@code encoding} goes in the tail, its offset in the head. */
  public record Dynamic(byte[] encoding) implements Value {}

  /** Encodes a tuple of values (head then tail), as abi.encode(v1, ..., vn) does. */
  public static byte[] tuple(List<Value> values) {
    int headSize = 0;
    for (Value v : values) {
      headSize += v instanceof Static(byte[] w) ? w.length : WORD;
    }
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    for (Value v : values) {
      switch (v) {
        case Static(byte[] w) -> head.writeBytes(w);
        case Dynamic(byte[] e) -> {
          head.writeBytes(uint(headSize + tail.size()));
          tail.writeBytes(e);
        }
      }
    }
    head.writeBytes(tail.toByteArray());
    return head.toByteArray();
  }

  /** uint256 word of a non-negative long. */
  public static byte[] uint(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("negative: " + v);
    }
    return uint(BigInteger.valueOf(v));
  }

  /** uint64 word of an unsigned 64-bit value. */
  public static byte[] uint64(long v) {
    byte[] w = new byte[WORD];
    for (int i = 0; i < 8; i++) {
      w[WORD - 1 - i] = (byte) (v >>> (8 * i));
    }
    return w;
  }

  /** uint256 word. @throws IllegalArgumentException if v is negative or wider than 256 bits */
  public static byte[] uint(BigInteger v) {
    if (v.signum() < 0 || v.bitLength() > 256) {
      throw new IllegalArgumentException("not a uint256: " + v);
    }
    byte[] raw = v.toByteArray();
    byte[] w = new byte[WORD];
    int n = Math.min(raw.length, WORD);
    System.arraycopy(raw, raw.length - n, w, WORD - n, n);
    return w;
  }

  /** bool word. */
  public static byte[] bool(boolean b) {
    return uint(b ? 1 : 0);
  }

  /** address word of a 20-byte address. */
  public static byte[] address(byte[] a) {
    requireLength(a, 20, "address");
    byte[] w = new byte[WORD];
    System.arraycopy(a, 0, w, 12, 20);
    return w;
  }

  /** bytes32 word. */
  public static byte[] bytes32(byte[] b) {
    requireLength(b, WORD, "bytes32");
    return b.clone();
  }

  /** Encoding of a dynamic {@code bytes}: length word, then the data right-padded to words. */
  public static byte[] bytes(byte[] data) {
    byte[] out = new byte[WORD + padded(data.length)];
    System.arraycopy(uint(data.length), 0, out, 0, WORD);
    System.arraycopy(data, 0, out, WORD, data.length);
    return out;
  }

  /** Encoding of a dynamic array of dynamic elements: length, then the elements as a tuple. */
  public static byte[] dynamicArray(List<Value> elements) {
    return concat(uint(elements.size()), tuple(elements));
  }

  /** Encoding of a {@code bytes32[]} / {@code address[]} / {@code uintN[]} given element words. */
  public static byte[] staticArray(List<byte[]> words) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(uint(words.size()));
    words.forEach(out::writeBytes);
    return out.toByteArray();
  }

  /**
   * 4-byte selector of a canonical function signature, e.g. {@code "send(uint64,address,bytes)"}.
   */
  public static byte[] selector(String signature) {
    return Arrays.copyOf(Hash.sha3(signature.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 4);
  }

  /** Keccak-256. */
  public static byte[] keccak(byte[]... parts) {
    return Hash.sha3(concat(parts));
  }

  /** Concatenation. */
  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static int padded(int length) {
    return (length + WORD - 1) / WORD * WORD;
  }

  static void requireLength(byte[] b, int length, String what) {
    if (b == null || b.length != length) {
      throw new IllegalArgumentException(
          what + " must be " + length + " bytes, got " + (b == null ? "null" : b.length));
    }
  }

  // ------------------------------------------------------------------ strict readers

  /** Reads the word at {@code offset}. @throws MalformedAbiException past the end */
  public static byte[] word(byte[] data, int offset) {
    if (offset < 0 || offset > data.length - WORD) {
      throw new MalformedAbiException("word at " + offset + " past end " + data.length);
    }
    return Arrays.copyOfRange(data, offset, offset + WORD);
  }

  /** Reads an unsigned integer word that must fit in {@code bits} bits (at most 63). */
  public static long readUint(byte[] data, int offset, int bits) {
    BigInteger v = new BigInteger(1, word(data, offset));
    if (v.bitLength() > bits) {
      throw new MalformedAbiException("value at " + offset + " exceeds uint" + bits);
    }
    return v.longValue();
  }

  /** Reads a uint64 word as an unsigned long. */
  public static long readUint64(byte[] data, int offset) {
    byte[] w = word(data, offset);
    for (int i = 0; i < WORD - 8; i++) {
      if (w[i] != 0) {
        throw new MalformedAbiException("value at " + offset + " exceeds uint64");
      }
    }
    return new BigInteger(1, w).longValue();
  }

  /** Reads an address word (upper 12 bytes must be zero). */
  public static byte[] readAddress(byte[] data, int offset) {
    byte[] w = word(data, offset);
    for (int i = 0; i < 12; i++) {
      if (w[i] != 0) {
        throw new MalformedAbiException("dirty address at " + offset);
      }
    }
    return Arrays.copyOfRange(w, 12, WORD);
  }
}
