package io.trestle.app.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Strong entity tags (RFC 9110 §8.8.3) of rendered resources: a digest of the exact bytes, so two
 * representations share a tag only when they are byte for byte equal, whatever wrote them.
 */
final class ETags {

  private ETags() {}

  // Cloned per use: cheaper than getInstance's provider lookup on every response.
  private static final MessageDigest SHA_256;

  static {
    try {
      SHA_256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The quoted strong ETag of {@code body}: 128 bits of its SHA-256, base64url. */
  static String of(byte[] body) {
    byte[] digest;
    try {
      digest = ((MessageDigest) SHA_256.clone()).digest(body);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
    }
    return '"'
        + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16))
        + '"';
  }

  /**
   * Whether the {@code If-None-Match} header lines {@code ifNoneMatch} name {@code etag}: {@code
   * *}, or a tag equal to it under the weak comparison that RFC 9110 §13.1.2 prescribes for
   * If-None-Match ({@code W/} prefixes ignored). Malformed members match nothing (our tags hold no
   * comma, so splitting at every comma cannot split one of them).
   */
  static boolean matches(List<String> ifNoneMatch, String etag) {
    for (String line : ifNoneMatch) {
      for (String member : line.split(",", -1)) {
        String t = member.strip();
        if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
          return true;
        }
      }
    }
    return false;
  }
}
