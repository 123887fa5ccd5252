package io.trestle.verifier.ed25519;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Readers for the committed test vectors (src/test/resources/io/trestle/verifier/ed25519). */
final class Vectors {
  private static final HexFormat HEX = HexFormat.of();

  /** A line of the RFC 8032 / OpenSSL files: seed, public key, message, signature. */
  record Signed(byte[] seed, byte[] publicKey, byte[] message, byte[] signature) {}

  /** A Wycheproof case with its expected verdict. */
  record Wycheproof(
      int tcId,
      String comment,
      byte[] publicKey,
      byte[] message,
      byte[] signature,
      boolean valid) {}

  private Vectors() {}

  static String resource(String name) {
    try (InputStream in = Vectors.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Signed> signed(String name) {
    List<Signed> out = new ArrayList<>();
    for (String line : resource(name).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.trim().split(" ");
      byte[] msg = f[2].equals("-") ? new byte[0] : HEX.parseHex(f[2]);
      out.add(new Signed(HEX.parseHex(f[0]), HEX.parseHex(f[1]), msg, HEX.parseHex(f[3])));
    }
    return out;
  }

  private static final Pattern WYCHEPROOF =
      Pattern.compile(
          "\"pk\"\\s*:\\s*\"([0-9a-f]*)\""
              + "|\"tcId\"\\s*:\\s*(\\d+)\\s*,\\s*\"comment\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\""
              + ".*?\"msg\"\\s*:\\s*\"([0-9a-f]*)\"\\s*,\\s*\"sig\"\\s*:\\s*\"([0-9a-f]*)\""
              + "\\s*,\\s*\"result\"\\s*:\\s*\"(\\w+)\"",
          Pattern.DOTALL);

  /** The cases of wycheproof-ed25519_test.json, each under the "pk" of its test group. */
  static List<Wycheproof> wycheproof() {
    String json = resource("wycheproof-ed25519_test.json");
    Matcher m = WYCHEPROOF.matcher(json);
    List<Wycheproof> out = new ArrayList<>();
    byte[] pk = null;
    while (m.find()) {
      if (m.group(1) != null) {
        pk = HEX.parseHex(m.group(1));
        continue;
      }
      String result = m.group(6);
      if (!result.equals("valid") && !result.equals("invalid")) {
        throw new IllegalStateException("unexpected result " + result);
      }
      out.add(
          new Wycheproof(
              Integer.parseInt(m.group(2)),
              m.group(3),
              pk,
              HEX.parseHex(m.group(4)),
              HEX.parseHex(m.group(5)),
              result.equals("valid")));
    }
    return out;
  }

  static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  static byte[] unhex(String s) {
    return HEX.parseHex(s);
  }
}
