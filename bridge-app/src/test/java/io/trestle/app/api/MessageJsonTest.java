package io.trestle.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trestle.db.model.MessageRow;
import io.trestle.db.model.MessageStatus;
import io.trestle.db.model.StatusChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link MessageJson} against the reflective printer it replaces, on random resources. */
class MessageJsonTest {

  private static final String TRICKY =
      "\"\\/\b\f\n\r\t\u0000\u001f\u007f<>&='\u00e9\u20ac\u2028\u2029\ud83d\ude00";

  @Test
  void equalsJsonFormatByteForByteOnRandomResources() {
    long seed = System.nanoTime();
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 5_000; i++) {
      MessageRow m = row(r);
      List<StatusChange> history = history(r, m.id());
      byte[] expected =
          Encodings.json(Resources.message(m, history)).getBytes(StandardCharsets.UTF_8);
      byte[] actual = MessageJson.encode(m, history);
      assertThat(new String(actual, StandardCharsets.UTF_8))
          .as("seed %d, case %d", seed, i)
          .isEqualTo(new String(expected, StandardCharsets.UTF_8));
      assertThat(actual).as("seed %d, case %d", seed, i).isEqualTo(expected);
    }
  }

  @Test
  void timestampsOutsideTheProtobufRangeAreRefusedAsByTheReflectivePrinter() {
    MessageRow ok = row(new SplittableRandom(1));
    MessageRow late =
        new MessageRow(
            ok.id(),
            ok.seq(),
            1,
            ok.sourceGateway(),
            1,
            ok.sender(),
            2,
            ok.recipient(),
            ok.payload(),
            MessageStatus.OBSERVED,
            null,
            null,
            null,
            null,
            Instant.parse("+10000-01-01T00:00:00Z"),
            null);
    assertThatThrownBy(() -> MessageJson.encode(late, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Encodings.json(Resources.message(late, List.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static MessageRow row(SplittableRandom r) {
    boolean committed = r.nextBoolean();
    return new MessageRow(
        bytes(r, 32),
        r.nextLong(),
        r.nextLong(),
        bytes(r, 20),
        r.nextLong(),
        bytes(r, 20),
        r.nextLong(),
        bytes(r, 20),
        bytes(r, r.nextInt(4) == 0 ? r.nextInt(2000) : r.nextInt(40)),
        status(r),
        r.nextInt(3) == 0 ? null : text(r),
        committed ? r.nextLong() : null,
        committed ? r.nextInt() : null,
        null,
        r.nextInt(10) == 0 ? null : instant(r),
        r.nextInt(10) == 0 ? null : instant(r));
  }

  private static List<StatusChange> history(SplittableRandom r, byte[] id) {
    List<StatusChange> out = new ArrayList<>();
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      out.add(
          new StatusChange(
              r.nextLong(),
              r.nextInt(20) == 0 ? bytes(r, 32) : id,
              status(r),
              r.nextBoolean() ? null : text(r),
              r.nextInt(10) == 0 ? null : instant(r)));
    }
    return out;
  }

  private static MessageStatus status(SplittableRandom r) {
    MessageStatus[] all = MessageStatus.values();
    return all[r.nextInt(all.length)];
  }

  private static byte[] bytes(SplittableRandom r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  /** Mostly ASCII, with escapes, non-ASCII, surrogate pairs and lone surrogates. */
  private static String text(SplittableRandom r) {
    StringBuilder s = new StringBuilder();
    int n = r.nextInt(30);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(5)) {
        case 0 -> s.append(TRICKY.charAt(r.nextInt(TRICKY.length())));
        case 1 -> s.append((char) r.nextInt(0x80));
        case 2 -> s.append((char) r.nextInt(0x10000));
        default -> s.append((char) ('a' + r.nextInt(26)));
      }
    }
    return s.toString();
  }

  private static Instant instant(SplittableRandom r) {
    long seconds = r.nextLong(-62_135_596_800L, 253_402_300_800L);
    int nanos =
        switch (r.nextInt(4)) {
          case 0 -> 0;
          case 1 -> r.nextInt(1000) * 1_000_000;
          case 2 -> r.nextInt(1_000_000) * 1_000;
          default -> r.nextInt(1_000_000_000);
        };
    return Instant.ofEpochSecond(seconds, nanos);
  }
}
