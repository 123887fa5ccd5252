package io.trestle.app.api;

import io.trestle.db.model.MessageStatus;
import java.util.HexFormat;
import java.util.Locale;

/** Parsing of path and query parameters into values, or {@link ApiException}s that say why not. */
public final class Params {

  private static final HexFormat HEX = HexFormat.of();

  private Params() {}

  /** A message id: {@code 0x} + 64 hex digits (either case). */
  public static byte[] messageId(String s) {
    return hex(s, 32, ProblemType.INVALID_MESSAGE_ID, "message id");
  }

  /** An EVM address: {@code 0x} + 40 hex digits. */
  static byte[] address(String s) {
    return hex(s, 20, ProblemType.INVALID_ADDRESS, "address");
  }

  private static byte[] hex(String s, int bytes, ProblemType type, String what) {
    if (s == null
        || s.length() != 2 + 2 * bytes
        || !(s.startsWith("0x") || s.startsWith("0X"))
        || !s.substring(2).chars().allMatch(Params::isHex)) {
      throw new ApiException(
          type, what + " must be 0x followed by " + 2 * bytes + " hex digits, got " + quote(s));
    }
    return HEX.parseHex(s, 2, s.length());
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** A non-negative decimal (block height, epoch) of at most 18 digits. */
  static long nonNegative(String s, ProblemType type, String what) {
    if (s == null || s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) {
      throw new ApiException(type, what + " must be a non-negative integer, got " + quote(s));
    }
    return Long.parseLong(s);
  }

  /** A chain id: positive decimal. */
  public static long chainId(String s) {
    long v = nonNegative(s, ProblemType.INVALID_CHAIN_ID, "chain id");
    if (v == 0) {
      throw new ApiException(ProblemType.INVALID_CHAIN_ID, "chain id must be positive, got 0");
    }
    return v;
  }

  /** A status name (case-insensitive). */
  static MessageStatus status(String s) {
    try {
      return MessageStatus.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          ProblemType.INVALID_STATUS,
          "status must be one of "
              + java.util.Arrays.toString(MessageStatus.values())
              + ", got "
              + quote(s));
    }
  }

  /** A page size in [1, max]. */
  static int limit(String s, int max) {
    if (s == null
        || s.isEmpty()
        || s.length() > 9
        || !s.chars().allMatch(Character::isDigit)
        || Integer.parseInt(s) < 1
        || Integer.parseInt(s) > max) {
      throw new ApiException(
          ProblemType.INVALID_LIMIT,
          "limit must be an integer from 1 to " + max + ", got " + quote(s));
    }
    return Integer.parseInt(s);
  }

  /** Quotes user input for an error detail, cut to 80 characters. */
  static String quote(String s) {
    if (s == null) {
      return "nothing";
    }
    String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    return '"' + cut.replaceAll("[\\p{Cntrl}]", "?") + '"';
  }
}
