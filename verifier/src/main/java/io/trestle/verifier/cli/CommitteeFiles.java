package io.trestle.verifier.cli;

import io.trestle.abi.runtime.AbiDecodeException;
import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.canonical.v1.Member;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Committee files: JSON (verifier/README.md, "Committee file") or the ABI encoding of {@link
 * Committee}, binary or hex text. Produces the canonical record; the trust rules (valid keys,
 * weights) are {@link io.trestle.verifier.quorum.CommitteeView#of(Committee)}'s.
 */
final class CommitteeFiles {
  private static final BigInteger UINT64_MAX = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
  private static final Set<String> TOP = Set.of("committeeId", "epoch", "engine", "members");
  private static final Set<String> MEMBER =
      Set.of("ed25519Key", "evmAddress", "endpoint", "weight");

  private CommitteeFiles() {}

  static Committee load(String name) throws BadInputException {
    byte[] file = InputFiles.read(name, "committee file");
    int i = 0;
    while (i < file.length && Character.isWhitespace(file[i])) {
      i++;
    }
    if (i < file.length && file[i] == '{') {
      try {
        return fromJson(Json.parse(new String(file, StandardCharsets.UTF_8)));
      } catch (BadInputException e) {
        throw new BadInputException("committee file " + name + ": " + e.getMessage(), e);
      }
    }
    try {
      return Committee.decode(InputFiles.abiBytes(file));
    } catch (AbiDecodeException e) {
      throw new BadInputException(
          "committee file "
              + name
              + " is neither JSON nor an ABI-encoded Committee: "
              + e.getMessage(),
          e);
    }
  }

  static Committee fromJson(Object root) throws BadInputException {
    Map<String, Object> top = object(root, "committee", TOP);
    byte[] id = hex(top, "committeeId", 32);
    long epoch = uint64(top, "epoch");
    ConsensusEngine engine = ConsensusEngine.HOTSTUFF;
    if (top.containsKey("engine")) {
      Object e = top.get("engine");
      if (!(e instanceof String s)) {
        throw new BadInputException("engine must be a string");
      }
      engine = null;
      // Not Enum.valueOf: its first call reflects on values() (method handles, tens of classes).
      for (ConsensusEngine c : ConsensusEngine.values()) {
        if (c.name().equals(s)) {
          engine = c;
        }
      }
      if (engine == null) {
        throw new BadInputException("engine must be HOTSTUFF or RAFT, got " + s);
      }
    }
    if (!(top.get("members") instanceof List<?> list)) {
      throw new BadInputException("members must be an array");
    }
    List<Member> members = new ArrayList<>();
    for (int k = 0; k < list.size(); k++) {
      Map<String, Object> m = object(list.get(k), "members[" + k + "]", MEMBER);
      String where = "members[" + k + "].";
      if (!(m.get("endpoint") instanceof String endpoint)) {
        throw new BadInputException(where + "endpoint must be a string");
      }
      try {
        members.add(
            new Member(
                hex(m, "ed25519Key", 32, where),
                hex(m, "evmAddress", 20, where),
                endpoint,
                uint64(m, "weight", where)));
      } catch (IllegalArgumentException ex) {
        throw new BadInputException(where + ": " + ex.getMessage(), ex);
      }
    }
    return new Committee(id, epoch, engine, members);
  }

  private static Map<String, Object> object(Object v, String what, Set<String> allowed)
      throws BadInputException {
    if (!(v instanceof Map<?, ?> raw)) {
      throw new BadInputException(what + " must be a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) raw;
    for (String k : m.keySet()) {
      if (!allowed.contains(k)) {
        throw new BadInputException(what + ": unknown field \"" + k + "\"");
      }
    }
    return m;
  }

  private static byte[] hex(Map<String, Object> m, String field, int length)
      throws BadInputException {
    return hex(m, field, length, "");
  }

  private static byte[] hex(Map<String, Object> m, String field, int length, String where)
      throws BadInputException {
    if (!(m.get(field) instanceof String s)) {
      throw new BadInputException(where + field + " must be a hex string");
    }
    byte[] b = Args.hex(s, where + field);
    if (b.length != length) {
      throw new BadInputException(where + field + " must be " + length + " bytes, got " + b.length);
    }
    return b;
  }

  private static long uint64(Map<String, Object> m, String field) throws BadInputException {
    return uint64(m, field, "");
  }

  /** A JSON integer (or decimal string) in [0, 2^64 - 1], returned as an unsigned long. */
  private static long uint64(Map<String, Object> m, String field, String where)
      throws BadInputException {
    Object v = m.get(field);
    if (v instanceof Json.Num num) {
      return unsigned64(num.text(), where + field);
    }
    if (!(v instanceof String s) || s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
      throw new BadInputException(where + field + " must be an unsigned integer");
    }
    BigInteger n = s.length() > 20 ? UINT64_MAX.add(BigInteger.ONE) : new BigInteger(s);
    if (n.compareTo(UINT64_MAX) > 0) {
      throw new BadInputException(where + field + " must be in 0..2^64-1");
    }
    return n.longValue();
  }

  /**
   * The value of a JSON number (RFC 8259 grammar, as {@link Json} checked it) that must be an
   * integer in [0, 2^64 - 1], as an unsigned long. Exact, whatever the notation: {@code 1.50e1} is
   * 15, {@code -0} is 0. A fraction, or more than 20 significant integer digits, is "not an
   * unsigned 64-bit integer"; a negative or too large integer is "not in 0..2^64-1".
   */
  static long unsigned64(String number, String what) throws BadInputException {
    boolean negative = number.startsWith("-");
    String t = negative ? number.substring(1) : number;
    int e = Math.max(t.indexOf('e'), t.indexOf('E'));
    String mantissa = e < 0 ? t : t.substring(0, e);
    int dot = mantissa.indexOf('.');
    String digits = dot < 0 ? mantissa : mantissa.substring(0, dot) + mantissa.substring(dot + 1);
    int first = 0;
    while (first < digits.length() && digits.charAt(first) == '0') {
      first++;
    }
    if (first == digits.length()) {
      return 0; // zero, whatever its sign and exponent
    }
    int last = digits.length();
    while (digits.charAt(last - 1) == '0') {
      last--;
    }
    // value = significant digits * 10^scale
    long scale = (long) (digits.length() - last) - (dot < 0 ? 0 : mantissa.length() - dot - 1);
    if (e >= 0) {
      String exp = t.substring(e + 1);
      boolean expNegative = exp.startsWith("-");
      int from = expNegative || exp.startsWith("+") ? 1 : 0;
      while (from < exp.length() - 1 && exp.charAt(from) == '0') {
        from++;
      }
      String expDigits = exp.substring(from);
      if (expDigits.length() > 9) {
        throw new BadInputException(what + " must be an unsigned 64-bit integer");
      }
      long x = Long.parseLong(expDigits);
      scale += expNegative ? -x : x;
    }
    String significant = digits.substring(first, last);
    if (scale < 0 || significant.length() + scale > 20) {
      throw new BadInputException(what + " must be an unsigned 64-bit integer");
    }
    if (negative) {
      throw new BadInputException(what + " must be in 0..2^64-1");
    }
    try {
      return Long.parseUnsignedLong(significant + "0".repeat((int) scale));
    } catch (NumberFormatException ex) {
      throw new BadInputException(what + " must be in 0..2^64-1");
    }
  }
}
