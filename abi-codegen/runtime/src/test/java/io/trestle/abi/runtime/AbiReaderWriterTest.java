package io.trestle.abi.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Word-level encoding and strict decoding (Solidity ABI spec, "Formal Specification"). */
class AbiReaderWriterTest {
  private static byte[] word(String hex) {
    return HexFormat.of().parseHex("0".repeat(64 - hex.length()) + hex);
  }

  @Test
  void signedIntegersAreSignExtended() {
    byte[] out = new byte[32];
    AbiWriter.putInt(out, 0, -2);
    assertEquals("ff".repeat(31) + "fe", HexFormat.of().formatHex(out));
    assertEquals(-2, new AbiReader(out).readInt(0, 8, "f"));
    assertEquals(-2, new AbiReader(out).readInt(0, 64, "f"));
    out[0] = 0x7f;
    assertThrows(AbiDecodeException.class, () -> new AbiReader(out).readInt(0, 8, "f"));
    byte[] big = new byte[32];
    AbiWriter.putBig(big, 0, BigInteger.ONE.shiftLeft(255).negate());
    assertEquals(
        BigInteger.ONE.shiftLeft(255).negate(), new AbiReader(big).readBigInt(0, 256, "f"));
    // 0x80 in an int8 word without sign extension is not a canonical -128.
    assertThrows(AbiDecodeException.class, () -> new AbiReader(word("80")).readInt(0, 8, "f"));
  }

  @Test
  void unsignedRangeBoolAddressAndPaddingAreChecked() {
    AbiReader r = new AbiReader(word("0100"));
    assertEquals(256, r.readUint(0, 16, "f"));
    assertThrows(AbiDecodeException.class, () -> r.readUint(0, 8, "f"));
    assertEquals(-1L, new AbiReader(word("ffffffffffffffff")).readUint(0, 64, "f"));
    assertThrows(AbiDecodeException.class, () -> new AbiReader(word("02")).readBool(0, "f"));
    assertTrue(new AbiReader(word("01")).readBool(0, "f"));
    assertThrows(
        AbiDecodeException.class,
        () -> new AbiReader(word("01" + "00".repeat(20))).readAddress(0, "f"));
    byte[] b4 = new byte[32];
    b4[4] = 1;
    assertThrows(AbiDecodeException.class, () -> new AbiReader(b4).readBytesN(0, 4, "f"));
    assertArrayEquals(new byte[] {0, 0, 0, 0, 1}, new AbiReader(b4).readBytesN(0, 5, "f"));
  }

  @Test
  void hostileLengthsAreRejectedBeforeAllocation() {
    AbiReader huge = new AbiReader(word("ffffffff"));
    AbiDecodeException e =
        assertThrows(AbiDecodeException.class, () -> huge.readBytes(0, "Msg.payload"));
    assertTrue(e.getMessage().startsWith("Msg.payload: length 4294967295"), e.getMessage());
    assertThrows(
        AbiDecodeException.class,
        () -> new AbiReader(word("1" + "0".repeat(63))).readBytes(0, "f"));
    assertThrows(AbiDecodeException.class, () -> new AbiReader(word("02")).readLength(0, 32, "f"));
  }

  @Test
  void bytesAndStringsRoundTripWithZeroPadding() {
    String s = "a\u00e9\u20ac\ud83d\ude00";
    assertEquals(10, AbiWriter.utf8Length(s));
    byte[] out = new byte[AbiWriter.stringSize(s)];
    assertEquals(out.length, AbiWriter.putString(out, 0, s));
    assertEquals(s, new AbiReader(out).readString(0, "f"));
    out[out.length - 1] = 1;
    assertThrows(AbiDecodeException.class, () -> new AbiReader(out).readString(0, "f"));
    byte[] bad = new byte[64];
    bad[31] = 1;
    bad[32] = (byte) 0xff;
    assertThrows(AbiDecodeException.class, () -> new AbiReader(bad).readString(0, "f"));
    assertThrows(IllegalArgumentException.class, () -> AbiWriter.utf8Length("\ud800x"));
    assertEquals(64, AbiWriter.bytesSize(new byte[1]));
    assertEquals(32, AbiWriter.bytesSize(new byte[0]));
  }

  @Test
  void offsetsMustBeCanonicalAndInputMustEnd() {
    AbiReader r = new AbiReader(word("40"));
    r.readOffset(0, 64, "f");
    assertThrows(AbiDecodeException.class, () -> r.readOffset(0, 32, "f"));
    assertThrows(AbiDecodeException.class, () -> r.requireEnd(0, "X"));
    assertThrows(AbiDecodeException.class, () -> r.require(16, 32, "X"));
  }

  @Test
  void valueChecks() {
    assertEquals(255, AbiValues.checkUint(255, 8, "f"));
    assertThrows(IllegalArgumentException.class, () -> AbiValues.checkUint(256, 8, "f"));
    assertThrows(IllegalArgumentException.class, () -> AbiValues.checkUint(-1, 32, "f"));
    assertThrows(IllegalArgumentException.class, () -> AbiValues.checkInt(128, 8, "f"));
    assertEquals(-128, AbiValues.checkInt(-128, 8, "f"));
    assertThrows(
        IllegalArgumentException.class,
        () -> AbiValues.checkBig(BigInteger.ONE.shiftLeft(255), 256, true, "f"));
    assertThrows(
        IllegalArgumentException.class,
        () -> AbiValues.checkBig(BigInteger.ONE.negate(), 256, false, "f"));
    assertThrows(IllegalArgumentException.class, () -> AbiWriter.times(1 << 30, 32));
  }
}
