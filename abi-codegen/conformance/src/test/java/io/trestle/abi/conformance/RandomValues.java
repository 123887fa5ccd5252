package io.trestle.abi.conformance;

import io.trestle.abi.conformance.AbiTypes.Arr;
import io.trestle.abi.conformance.AbiTypes.Elem;
import io.trestle.abi.conformance.AbiTypes.Node;
import io.trestle.abi.conformance.AbiTypes.Tuple;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random values of generated records, driven by their {@code ABI_TUPLE} and the record components
 * (reflection is test-only). Integers favour the edges of their range (0, 1, max, min, -1).
 */
final class RandomValues {
  private final SplittableRandom random;

  RandomValues(long seed) {
    this.random = new SplittableRandom(seed);
  }

  static Node tupleOf(Class<?> record) {
    try {
      return AbiTypes.parse((String) record.getField("ABI_TUPLE").get(null));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A random instance of the generated record class {@code type}. */
  <T> T record(Class<T> type) {
    return type.cast(value(tupleOf(type), type));
  }

  Object value(Node t, Type jt) {
    return switch (t) {
      case Tuple tuple -> tuple(tuple, (Class<?>) jt);
      case Arr a -> {
        Type el = ((ParameterizedType) jt).getActualTypeArguments()[0];
        int n =
            a.length() >= 0
                ? a.length()
                : random.nextInt(8) == 0 ? random.nextInt(12) : random.nextInt(4);
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(value(a.element(), el));
        }
        yield list;
      }
      case Elem e -> elementary(e, (Class<?>) jt);
    };
  }

  private Object tuple(Tuple t, Class<?> type) {
    RecordComponent[] rc = type.getRecordComponents();
    Object[] args = new Object[rc.length];
    Class<?>[] types = new Class<?>[rc.length];
    for (int i = 0; i < rc.length; i++) {
      args[i] = value(t.components().get(i), rc[i].getGenericType());
      types[i] = rc[i].getType();
    }
    try {
      Constructor<?> c = type.getDeclaredConstructor(types);
      return c.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private Object elementary(Elem e, Class<?> jt) {
    String n = e.name();
    if (jt.isEnum()) {
      Object[] cs = jt.getEnumConstants();
      return cs[random.nextInt(cs.length)];
    }
    if (n.startsWith("uint")) {
      return number(unsigned(e.bits()), jt);
    }
    if (n.startsWith("int")) {
      return number(signed(e.bits()), jt);
    }
    return switch (n) {
      case "bool" -> random.nextBoolean();
      case "address" -> bytes(20);
      case "bytes" -> bytes(random.nextInt(10) == 0 ? random.nextInt(300) : random.nextInt(70));
      case "string" -> string();
      default -> bytes(Integer.parseInt(n.substring(5)));
    };
  }

  private static Object number(BigInteger v, Class<?> jt) {
    if (jt == int.class || jt == Integer.class) {
      return v.intValueExact();
    }
    if (jt == long.class || jt == Long.class) {
      return v.longValue();
    }
    return v;
  }

  BigInteger unsigned(int bits) {
    return switch (random.nextInt(6)) {
      case 0 -> BigInteger.ZERO;
      case 1 -> BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
      case 2 -> BigInteger.ONE;
      default -> new BigInteger(1 + random.nextInt(bits), new java.util.Random(random.nextLong()));
    };
  }

  BigInteger signed(int bits) {
    BigInteger half = BigInteger.ONE.shiftLeft(bits - 1);
    return switch (random.nextInt(7)) {
      case 0 -> BigInteger.ZERO;
      case 1 -> half.subtract(BigInteger.ONE);
      case 2 -> half.negate();
      case 3 -> BigInteger.ONE.negate();
      default -> {
        BigInteger m =
            new BigInteger(1 + random.nextInt(bits - 1), new java.util.Random(random.nextLong()));
        yield random.nextBoolean() ? m : m.negate().subtract(BigInteger.ONE);
      }
    };
  }

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return b;
  }

  private String string() {
    int n = random.nextInt(6) == 0 ? random.nextInt(100) : random.nextInt(20);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int cp =
          switch (random.nextInt(4)) {
            case 0 -> 0x20 + random.nextInt(0x5f);
            case 1 -> 0x80 + random.nextInt(0x780);
            case 2 -> 0xe000 + random.nextInt(0x1000);
            default -> 0x10000 + random.nextInt(0x10000);
          };
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }
}
