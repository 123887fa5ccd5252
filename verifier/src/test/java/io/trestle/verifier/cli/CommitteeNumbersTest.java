package io.trestle.verifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CommitteeFiles#unsigned64} against an exact BigDecimal reference: same value or same
 * error, on chosen and random JSON numbers.
 */
class CommitteeNumbersTest {
  private static final BigInteger MAX = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);

  private static String reference(String number) {
    BigDecimal d = new BigDecimal(number);
    if (d.signum() == 0) {
      return "0";
    }
    d = d.stripTrailingZeros();
    if (d.scale() > 0 || d.precision() - d.scale() > 20) {
      return "x must be an unsigned 64-bit integer";
    }
    BigInteger n = d.toBigIntegerExact();
    if (n.signum() < 0 || n.compareTo(MAX) > 0) {
      return "x must be in 0..2^64-1";
    }
    return Long.toUnsignedString(n.longValue());
  }

  private static String ours(String number) {
    try {
      return Long.toUnsignedString(CommitteeFiles.unsigned64(number, "x"));
    } catch (BadInputException e) {
      return e.getMessage();
    }
  }

  @Test
  void chosenNumbers() {
    List<String> cases =
        List.of(
            "0",
            "-0",
            "0.000",
            "-0.0e-5",
            "1",
            "7",
            "-1",
            "1.0",
            "1.50e1",
            "15E-1",
            "1.5",
            "-1.5",
            "1e2",
            "1E+2",
            "100e-2",
            "1e19",
            "1e20",
            "18446744073709551615",
            "18446744073709551616",
            "184467440737095516150e-1",
            "100000000000000000000",
            "1844674407370955161.5e1",
            "0.18446744073709551615e20",
            "1e0000000000000000002",
            "12e-0000000001",
            "1e999999999",
            "1e-999999999",
            "0e999999999");
    for (String c : cases) {
      assertEquals(reference(c), ours(c), c);
    }
    assertEquals("15", ours("1.50e1"));
    assertEquals("18446744073709551615", ours("18446744073709551615"));
  }

  @Test
  void randomNumbers() {
    Random rnd = new Random(8);
    List<String> failures = new ArrayList<>();
    for (int k = 0; k < 50_000; k++) {
      StringBuilder sb = new StringBuilder();
      if (rnd.nextInt(4) == 0) {
        sb.append('-');
      }
      int intDigits = 1 + rnd.nextInt(22);
      sb.append(rnd.nextInt(3) == 0 ? '0' : (char) ('1' + rnd.nextInt(9)));
      if (sb.charAt(sb.length() - 1) != '0') {
        for (int i = 1; i < intDigits; i++) {
          sb.append(rnd.nextInt(3) == 0 ? '0' : (char) ('0' + rnd.nextInt(10)));
        }
      }
      if (rnd.nextBoolean()) {
        sb.append('.');
        for (int i = 0, f = 1 + rnd.nextInt(6); i < f; i++) {
          sb.append(rnd.nextBoolean() ? '0' : (char) ('0' + rnd.nextInt(10)));
        }
      }
      if (rnd.nextBoolean()) {
        sb.append(rnd.nextBoolean() ? 'e' : 'E').append(List.of("", "+", "-").get(rnd.nextInt(3)));
        sb.append(rnd.nextInt(25));
      }
      String s = sb.toString();
      if (!reference(s).equals(ours(s))) {
        failures.add(s + ": " + reference(s) + " vs " + ours(s));
      }
    }
    assertEquals(List.of(), failures);
  }
}
