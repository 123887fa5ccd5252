package io.trestle.app.api;

import io.trestle.db.model.MessageRow;
import io.trestle.db.model.StatusChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * The protobuf JSON mapping of a {@code trestle.api.v1.Message} (as {@link Encodings#json} prints
 * it: compact, fields without presence always printed, 64-bit integers as strings, HTML-safe string
 * escapes) written straight from the stored rows into UTF-8 bytes, without building the protobuf
 * message or going through the reflective printer. {@code MessageJsonTest} compares the two on
 * random resources byte for byte; a change to {@code messages.proto} must change both.
 */
final class MessageJson {

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  // Timestamps.toString accepts 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.
  private static final long MIN_SECONDS = -62_135_596_800L;
  private static final long MAX_SECONDS = 253_402_300_799L;

  private byte[] buf;
  private int len;

  private MessageJson(int capacity) {
    buf = new byte[capacity];
  }

  /** The JSON of the message {@code m} with {@code history} (oldest first). */
  static byte[] encode(MessageRow m, List<StatusChange> history) {
    MessageJson w = new MessageJson(400 + 2 * m.payload().length + 200 * history.size());
    w.raw("{\"id\":").hex(m.id());
    w.raw(",\"sourceChainId\":").unsigned(m.sourceChainId());
    w.raw(",\"sourceGateway\":").hex(m.sourceGateway());
    w.raw(",\"nonce\":").unsigned(m.nonce());
    w.raw(",\"sender\":").hex(m.sender());
    w.raw(",\"destChainId\":").unsigned(m.destChainId());
    w.raw(",\"recipient\":").hex(m.recipient());
    w.raw(",\"payload\":").hex(m.payload());
    w.raw(",\"status\":\"").raw(m.status().name()).raw("\"");
    w.raw(",\"statusReason\":").string(m.statusReason());
    if (m.blockHeight() != null) {
      w.raw(",\"blockHeight\":").unsigned(m.blockHeight());
    }
    if (m.leafIndex() != null) {
      w.raw(",\"leafIndex\":").raw(Integer.toUnsignedString(m.leafIndex()));
    }
    if (m.createdAt() != null) {
      w.raw(",\"observedAt\":").timestamp(m.createdAt());
    }
    if (m.updatedAt() != null) {
      w.raw(",\"updatedAt\":").timestamp(m.updatedAt());
    }
    w.raw(",\"history\":[");
    for (int i = 0; i < history.size(); i++) {
      StatusChange c = history.get(i);
      w.raw(i == 0 ? "{\"id\":" : ",{\"id\":").unsigned(c.id());
      w.raw(",\"messageId\":").hex(c.messageId());
      w.raw(",\"status\":\"").raw(c.status().name()).raw("\"");
      w.raw(",\"reason\":").string(c.reason());
      if (c.at() != null) {
        w.raw(",\"at\":").timestamp(c.at());
      }
      w.raw("}");
    }
    w.raw("]}");
    return Arrays.copyOf(w.buf, w.len);
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }

  private void put(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  /** ASCII text without escapes. */
  private MessageJson raw(String ascii) {
    ensure(ascii.length());
    for (int i = 0; i < ascii.length(); i++) {
      buf[len++] = (byte) ascii.charAt(i);
    }
    return this;
  }

  /** {@code "0x…"} in lower-case hex. */
  private MessageJson hex(byte[] b) {
    ensure(4 + 2 * b.length);
    buf[len++] = '"';
    buf[len++] = '0';
    buf[len++] = 'x';
    for (byte x : b) {
      buf[len++] = HEX[(x >> 4) & 0xf];
      buf[len++] = HEX[x & 0xf];
    }
    buf[len++] = '"';
    return this;
  }

  /** A uint64 field: a JSON string of the unsigned decimal value. */
  private MessageJson unsigned(long v) {
    return raw("\"").raw(Long.toUnsignedString(v)).raw("\"");
  }

  /** A string field (null prints as ""), escaped as Gson's HTML-safe writer does. */
  private MessageJson string(String s) {
    put('"');
    if (s != null) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          ascii(c);
        } else if (c == '\u2028' || c == '\u2029') {
          raw(c == '\u2028' ? "\\u2028" : "\\u2029");
        } else {
          // A run of non-ASCII characters, encoded as String.getBytes(UTF_8) would (lone
          // surrogates become '?').
          int end = i + 1;
          while (end < s.length()
              && s.charAt(end) >= 0x80
              && s.charAt(end) != '\u2028'
              && s.charAt(end) != '\u2029') {
            end++;
          }
          byte[] utf8 = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
          ensure(utf8.length);
          System.arraycopy(utf8, 0, buf, len, utf8.length);
          len += utf8.length;
          i = end - 1;
        }
      }
    }
    put('"');
    return this;
  }

  private void ascii(char c) {
    switch (c) {
      case '"' -> raw("\\\"");
      case '\\' -> raw("\\\\");
      case '\t' -> raw("\\t");
      case '\b' -> raw("\\b");
      case '\n' -> raw("\\n");
      case '\r' -> raw("\\r");
      case '\f' -> raw("\\f");
      case '<', '>', '&', '=', '\'' -> unicodeEscape(c);
      default -> {
        if (c < 0x20) {
          unicodeEscape(c);
        } else {
          put(c);
        }
      }
    }
  }

  private void unicodeEscape(char c) {
    raw("\\u00");
    put(HEX[(c >> 4) & 0xf]);
    put(HEX[c & 0xf]);
  }

  /** RFC 3339 in UTC with 0, 3, 6 or 9 fraction digits, as {@code Timestamps.toString}. */
  private MessageJson timestamp(Instant t) {
    long seconds = t.getEpochSecond();
    if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
      throw new IllegalArgumentException("timestamp out of the protobuf range: " + t);
    }
    LocalDateTime d = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    put('"');
    digits(d.getYear(), 4);
    put('-');
    digits(d.getMonthValue(), 2);
    put('-');
    digits(d.getDayOfMonth(), 2);
    put('T');
    digits(d.getHour(), 2);
    put(':');
    digits(d.getMinute(), 2);
    put(':');
    digits(d.getSecond(), 2);
    int nanos = t.getNano();
    if (nanos != 0) {
      put('.');
      if (nanos % 1_000_000 == 0) {
        digits(nanos / 1_000_000, 3);
      } else if (nanos % 1_000 == 0) {
        digits(nanos / 1_000, 6);
      } else {
        digits(nanos, 9);
      }
    }
    raw("Z\"");
    return this;
  }

  private void digits(int v, int width) {
    ensure(width);
    for (int i = width - 1; i >= 0; i--) {
      buf[len + i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    len += width;
  }
}
