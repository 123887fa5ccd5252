package io.trestle.sdk.http;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the top-level members of a JSON object (RFC 8259) into strings: enough for an RFC 9457
 * problem document without a JSON library. String values are unescaped, numbers, booleans and null
 * kept as their text, nested arrays and objects skipped. Input that is not a JSON object gives an
 * empty map; never throws on content.
 */
final class ProblemJson {
  private final String s;
  private int i;

  private ProblemJson(String s) {
    this.s = s;
  }

  /** The object's top-level members, or an empty map when {@code json} is not an object. */
  static Map<String, String> members(String json) {
    try {
      return new ProblemJson(json).object();
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return Map.of();
    }
  }

  private Map<String, String> object() {
    Map<String, String> out = new HashMap<>();
    expect('{');
    if (peek() == '}') {
      i++;
      return out;
    }
    while (true) {
      String key = string();
      expect(':');
      skipSpace();
      int start = i;
      char c = s.charAt(i);
      String value;
      if (c == '"') {
        value = string();
      } else {
        skipValue();
        value = s.substring(start, i);
      }
      out.put(key, value);
      char next = peek();
      i++;
      if (next == '}') {
        return out;
      }
      if (next != ',') {
        throw new IllegalArgumentException("expected , or }");
      }
    }
  }

  private void skipValue() {
    skipSpace();
    char c = s.charAt(i);
    switch (c) {
      case '"' -> string();
      case '{', '[' -> {
        int depth = 0;
        do {
          char d = s.charAt(i);
          if (d == '"') {
            string();
            continue;
          }
          if (d == '{' || d == '[') {
            depth++;
          } else if (d == '}' || d == ']') {
            depth--;
          }
          i++;
        } while (depth > 0);
      }
      default -> {
        int start = i;
        while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
          i++;
        }
        if (i == start) {
          throw new IllegalArgumentException("value expected");
        }
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = s.charAt(i++);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = s.charAt(i++);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        }
        default -> out.append(e);
      }
    }
  }

  private void expect(char c) {
    if (peek() != c) {
      throw new IllegalArgumentException("expected " + c);
    }
    i++;
  }

  private char peek() {
    skipSpace();
    return s.charAt(i);
  }

  private void skipSpace() {
    while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }
}
