package io.trestle.verifier.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader (RFC 8259) for committee files: objects become {@link Map}s (duplicate
 * names rejected), arrays {@link List}s, numbers {@link Num}s (their text, validated against the
 * RFC's grammar), strings, booleans, and {@code null} {@link #NULL}. Nesting is capped at 32
 * levels. Errors name the offset.
 */
final class Json {
  /** The JSON {@code null} value. */
  static final Object NULL = new Object();

  private static final int MAX_DEPTH = 32;

  /**
   * A JSON number as written. Not a {@code BigDecimal}: initialising that class alone costs a
   * one-shot CLI tens of milliseconds; {@link CommitteeFiles} interprets the digits.
   */
  record Num(String text) {}

  // The text as a char array: indexing it is one bytecode, where String.charAt is a chain of
  // calls, which matters while a one-shot CLI still runs this code in the interpreter.
  private final String s;
  private final char[] c;
  private final int n;
  private int pos;

  private Json(String s) {
    this.s = s;
    this.c = s.toCharArray();
    this.n = c.length;
  }

  static Object parse(String text) throws BadInputException {
    Json p = new Json(text);
    p.skipWs();
    Object v = p.value(0);
    p.skipWs();
    if (p.pos != p.n) {
      throw p.error("trailing characters");
    }
    return v;
  }

  private BadInputException error(String what) {
    return new BadInputException("JSON: " + what + " at offset " + pos);
  }

  private void skipWs() {
    while (pos < n) {
      char ch = c[pos];
      if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
        return;
      }
      pos++;
    }
  }

  private Object value(int depth) throws BadInputException {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
    if (pos >= n) {
      throw error("unexpected end");
    }
    char ch = c[pos];
    return switch (ch) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", NULL);
      default -> {
        if (ch == '-' || (ch >= '0' && ch <= '9')) {
          yield number();
        }
        throw error("unexpected character '" + ch + "'");
      }
    };
  }

  private Object literal(String word, Object v) throws BadInputException {
    if (!s.startsWith(word, pos)) {
      throw error("unexpected token");
    }
    pos += word.length();
    return v;
  }

  private Map<String, Object> object(int depth) throws BadInputException {
    Map<String, Object> m = new LinkedHashMap<>();
    pos++;
    skipWs();
    if (peek() == '}') {
      pos++;
      return m;
    }
    while (true) {
      skipWs();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      String name = string();
      skipWs();
      expect(':');
      skipWs();
      if (m.put(name, value(depth + 1)) != null) {
        throw error("duplicate member \"" + name + "\"");
      }
      skipWs();
      char ch = next();
      if (ch == '}') {
        return m;
      }
      if (ch != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) throws BadInputException {
    List<Object> l = new ArrayList<>();
    pos++;
    skipWs();
    if (peek() == ']') {
      pos++;
      return l;
    }
    while (true) {
      skipWs();
      l.add(value(depth + 1));
      skipWs();
      char ch = next();
      if (ch == ']') {
        return l;
      }
      if (ch != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() throws BadInputException {
    pos++;
    int start = pos;
    // Fast path: a string without escapes is copied in one piece.
    while (pos < n) {
      char ch = c[pos];
      if (ch == '"') {
        pos++;
        return new String(c, start, pos - 1 - start);
      }
      if (ch == '\\' || ch < 0x20) {
        break;
      }
      pos++;
    }
    StringBuilder sb = new StringBuilder().append(c, start, pos - start);
    while (true) {
      char ch = next();
      if (ch == '"') {
        return sb.toString();
      }
      if (ch < 0x20) {
        throw error("control character in string");
      }
      if (ch != '\\') {
        sb.append(ch);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > n) {
            throw error("truncated \\u escape");
          }
          try {
            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Num number() throws BadInputException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (!digits()) {
      throw error("bad number");
    }
    if (peek() == '.') {
      pos++;
      if (!digits()) {
        throw error("bad number");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!digits()) {
        throw error("bad number");
      }
    }
    String t = s.substring(start, pos);
    if (t.length() > 100) {
      throw error("number too long");
    }
    return new Num(t);
  }

  private boolean digits() {
    int start = pos;
    while (pos < n && c[pos] >= '0' && c[pos] <= '9') {
      pos++;
    }
    return pos > start;
  }

  private char peek() {
    return pos < n ? c[pos] : '\0';
  }

  private char next() throws BadInputException {
    if (pos >= n) {
      throw error("unexpected end");
    }
    return c[pos++];
  }

  private void expect(char want) throws BadInputException {
    if (next() != want) {
      pos--;
      throw error("expected '" + want + "'");
    }
  }
}
