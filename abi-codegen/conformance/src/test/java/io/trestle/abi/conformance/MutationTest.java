package io.trestle.abi.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.abi.runtime.AbiDecodeException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoders face attacker bytes: any mutated, truncated or extended encoding either raises {@link
 * AbiDecodeException} or decodes to a value whose encoding is exactly the input (decoding accepts
 * canonical encodings only). No other exception, and no allocation beyond the input's size class.
 */
class MutationTest {
  private static final int VALUES = Integer.getInteger("conformance.values", 650) / 2;

  static java.util.stream.Stream<Class<? extends Record>> records() {
    return DifferentialTest.records();
  }

  @ParameterizedTest
  @MethodSource("records")
  void mutatedEncodingsAreRejectedOrCanonical(Class<? extends Record> type) throws Exception {
    RandomValues values = new RandomValues(~type.getName().hashCode());
    SplittableRandom random = new SplittableRandom(type.getName().length());
    Method decode = type.getMethod("decode", byte[].class);
    Method encode = type.getMethod("encode");
    int rejected = 0;
    int n = type.getSimpleName().equals("Deep") ? Math.max(1, VALUES / 10) : VALUES;
    for (int i = 0; i < n; i++) {
      byte[] good = (byte[]) encode.invoke(values.record(type));
      for (int m = 0; m < 8; m++) {
        byte[] bad = mutate(good, random);
        try {
          Object decoded = DifferentialTest.invoke(decode, bad);
          assertArrayEquals(bad, (byte[]) encode.invoke(decoded), "accepted a non-canonical input");
        } catch (AbiDecodeException expected) {
          rejected++;
        }
      }
    }
    assertTrue(rejected > n, "only " + rejected + " mutations rejected");
  }

  static byte[] mutate(byte[] in, SplittableRandom r) {
    int words = in.length / 32;
    byte[] out = in.clone();
    switch (r.nextInt(7)) {
      case 0 -> out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
      case 1 -> out = Arrays.copyOf(in, r.nextInt(in.length));
      case 2 -> out = Arrays.copyOf(in, in.length + 1 + r.nextInt(64));
      case 3 -> {
        // A word (offset, length or value) set to a small number, e.g. an offset off by a word.
        int w = r.nextInt(words);
        Arrays.fill(out, w * 32, w * 32 + 32, (byte) 0);
        out[w * 32 + 31] = (byte) r.nextInt(256);
        out[w * 32 + 30] = (byte) r.nextInt(4);
      }
      case 4 -> {
        // A word set to a huge number (hostile length), all ones or a large power of two.
        int w = r.nextInt(words);
        Arrays.fill(out, w * 32, w * 32 + 32, (byte) 0);
        Arrays.fill(out, w * 32 + 32 - 1 - r.nextInt(32), w * 32 + 32, (byte) 0xff);
      }
      case 5 -> {
        // An extra zero word inserted at a word boundary.
        int w = r.nextInt(words + 1);
        out = new byte[in.length + 32];
        System.arraycopy(in, 0, out, 0, w * 32);
        System.arraycopy(in, w * 32, out, w * 32 + 32, in.length - w * 32);
      }
      default -> out[r.nextInt(out.length)] = (byte) r.nextInt(256);
    }
    return out;
  }
}
