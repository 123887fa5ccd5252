package io.trestle.app.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The opaque pagination cursor of {@code GET /v1/messages}: base64url of {@code
 * "v1:<seq>:<filter-fingerprint>"}. It points after the last message of a page, and is bound to the
 * filters it was issued for, so reusing it with other filters is refused rather than silently
 * skipping rows.
 */
record Cursor(long beforeSeq, String fingerprint) {

  private static final Pattern FORM = Pattern.compile("v1:([1-9][0-9]{0,17}):([0-9a-f]{8})");

  String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            ("v1:" + beforeSeq + ":" + fingerprint).getBytes(StandardCharsets.US_ASCII));
  }

  /** Decodes a cursor issued for {@code fingerprint}, or throws INVALID_CURSOR. */
  static Cursor decode(String token, String fingerprint) {
    String text;
    try {
      if (token.length() > 64) {
        throw new IllegalArgumentException("too long");
      }
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      throw invalid("is not a cursor returned by this API");
    }
    var m = FORM.matcher(text);
    if (!m.matches()) {
      throw invalid("is not a cursor returned by this API");
    }
    if (!m.group(2).equals(fingerprint)) {
      throw invalid("was issued for other filters: repeat the filters of the first page");
    }
    return new Cursor(Long.parseLong(m.group(1)), fingerprint);
  }

  /** A short fingerprint of the filters a cursor belongs to. */
  static String fingerprint(Long sourceChain, byte[] sender, Object status) {
    String key =
        sourceChain
            + "|"
            + (sender == null ? "" : java.util.HexFormat.of().formatHex(sender))
            + "|"
            + status;
    return String.format("%08x", key.hashCode());
  }

  private static ApiException invalid(String why) {
    return new ApiException(ProblemType.INVALID_CURSOR, "cursor " + why);
  }
}
