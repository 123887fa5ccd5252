package io.trestle.verifier.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The CLI's own JSON parser and hex decoder, against their specification. */
class JsonHexTest {
  @Test
  void parsesValuesOfEveryKind() throws BadInputException {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", new Json.Num("-12.5e3"));
    expected.put("b", List.of(Boolean.TRUE, Boolean.FALSE, Json.NULL, new Json.Num("0")));
    expected.put("", Map.of());
    expected.put("s", "plain");
    assertEquals(
        expected,
        Json.parse(" {\"a\": -12.5e3, \"b\" :[true,false , null,0], \"\":{}, \"s\":\"plain\"}\n"));
  }

  @Test
  void stringsWithEscapesAndNonAscii() throws BadInputException {
    assertEquals(
        "x\"\\/\b\f\n\r\tA\u00e9z", Json.parse("\"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\u00e9z\""));
    assertEquals("ab\ncd", Json.parse("\"ab\\ncd\""));
    assertEquals("\u20ac", Json.parse("\"\u20ac\""));
    assertEquals("", Json.parse("\"\""));
  }

  @Test
  void rejectsMalformedText() {
    for (String bad :
        List.of(
            "",
            "\"open",
            "\"ab\\",
            "\"tab\there\"",
            "\"ctl\u0001\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12g4\"",
            "{\"a\":1,\"a\":2}",
            "{\"a\" 1}",
            "{\"a\":1",
            "[1 2]",
            "[1,]",
            "01",
            "1.",
            "-",
            "tru",
            "{} x",
            "[".repeat(40) + "]".repeat(40))) {
      assertThrows(BadInputException.class, () -> Json.parse(bad), bad);
    }
  }

  @Test
  void hexMatchesHexFormatOnRandomAndInvalidStrings() {
    Random rnd = new Random(4);
    String alphabet = "0123456789abcdefABCDEFgG x\u00e9\u0100";
    for (int k = 0; k < 20_000; k++) {
      StringBuilder sb = new StringBuilder();
      int len = rnd.nextInt(9);
      boolean onlyDigits = rnd.nextBoolean();
      for (int i = 0; i < len; i++) {
        sb.append(alphabet.charAt(rnd.nextInt(onlyDigits ? 22 : alphabet.length())));
      }
      String s = sb.toString();
      byte[] want;
      try {
        want = HexFormat.of().parseHex(s);
      } catch (IllegalArgumentException e) {
        want = null;
      }
      assertArrayEquals(want, Hex.decodeOrNull(s), s);
    }
    assertArrayEquals(new byte[] {0x01, (byte) 0xab, (byte) 0xCD}, Hex.decodeOrNull("01aBcD"));
    assertNull(Hex.decodeOrNull("abc"));
  }
}
