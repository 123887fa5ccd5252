package io.trestle.consensus.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few DER (ITU-T X.690 §10) constructions a minimal X.509 certificate needs. Every method
 * returns a complete TLV; definite lengths in the shortest form, as DER requires.
 */
final class Der {
  private Der() {}

  static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int len = content.length;
    if (len < 0x80) {
      out.write(len);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(len) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(len >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  static byte[] sequence(byte[]... parts) {
    return tlv(0x30, concat(parts));
  }

  static byte[] set(byte[]... parts) {
    return tlv(0x31, concat(parts));
  }

  /** A context-specific constructed tag {@code [n] EXPLICIT}. */
  static byte[] explicit(int n, byte[] inner) {
    return tlv(0xA0 | n, inner);
  }

  /** A non-negative INTEGER (two's complement, minimal, leading 0x00 when the top bit is set). */
  static byte[] nonNegativeInteger(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative: " + value);
    }
    byte[] raw = java.math.BigInteger.valueOf(value).toByteArray();
    return tlv(0x02, raw);
  }

  /** An OBJECT IDENTIFIER from its pre-encoded content octets. */
  static byte[] oid(byte... content) {
    return tlv(0x06, content);
  }

  static byte[] utf8String(String s) {
    return tlv(0x0C, s.getBytes(StandardCharsets.UTF_8));
  }

  /** UTCTime {@code YYMMDDHHMMSSZ} (RFC 5280 §4.1.2.5.1: for years 1950-2049). */
  static byte[] utcTime(String yymmddhhmmssZ) {
    return tlv(0x17, yymmddhhmmssZ.getBytes(StandardCharsets.US_ASCII));
  }

  /** GeneralizedTime {@code YYYYMMDDHHMMSSZ} (RFC 5280 §4.1.2.5.2: for years from 2050). */
  static byte[] generalizedTime(String yyyymmddhhmmssZ) {
    return tlv(0x18, yyyymmddhhmmssZ.getBytes(StandardCharsets.US_ASCII));
  }

  /** A BIT STRING with no unused bits. */
  static byte[] bitString(byte[] bits) {
    byte[] content = new byte[bits.length + 1];
    System.arraycopy(bits, 0, content, 1, bits.length);
    return tlv(0x03, content);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
