package io.trestle.abi.conformance;

import io.trestle.abi.conformance.AbiTypes.Arr;
import io.trestle.abi.conformance.AbiTypes.Elem;
import io.trestle.abi.conformance.AbiTypes.Node;
import io.trestle.abi.conformance.AbiTypes.Tuple;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;

/** Converts generated records to web3j ABI values (the trusted reference encoder). */
final class Web3jValues {
  private static final String GENERATED = "org.web3j.abi.datatypes.generated.";

  private Web3jValues() {}

  /** Solidity {@code abi.encode(record)} computed by web3j's encoder. */
  static byte[] encode(Record r) {
    Type<?> t = of(RandomValues.tupleOf(r.getClass()), r);
    return HexFormat.of().parseHex(FunctionEncoder.encodeConstructor(List.of(t)));
  }

  /** The record's components as web3j values (the parameter list of abi.encode(f1, ..., fn)). */
  static List<Type<?>> components(Record r) {
    Tuple t = (Tuple) RandomValues.tupleOf(r.getClass());
    RecordComponent[] rc = r.getClass().getRecordComponents();
    List<Type<?>> out = new ArrayList<>();
    for (int i = 0; i < rc.length; i++) {
      out.add(of(t.components().get(i), get(rc[i], r)));
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Type<?> of(Node t, Object v) {
    switch (t) {
      case Tuple tuple -> {
        Record r = (Record) v;
        RecordComponent[] rc = r.getClass().getRecordComponents();
        List<Type> cs = new ArrayList<>();
        for (int i = 0; i < rc.length; i++) {
          cs.add(of(tuple.components().get(i), get(rc[i], r)));
        }
        return tuple.dynamic() ? new DynamicStruct(cs) : new StaticStruct(cs);
      }
      case Arr a -> {
        List<Type> items = new ArrayList<>();
        for (Object o : (List<?>) v) {
          items.add(of(a.element(), o));
        }
        Class<? extends Type> el = classOf(a.element());
        if (a.length() < 0) {
          return new DynamicArray(el, items);
        }
        try {
          return (Type<?>)
              Class.forName(GENERATED + "StaticArray" + a.length())
                  .getConstructor(Class.class, List.class)
                  .newInstance(el, items);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      case Elem e -> {
        return elementary(e, v);
      }
    }
  }

  private static Type<?> elementary(Elem e, Object v) {
    String n = e.name();
    try {
      if (n.startsWith("uint") || n.startsWith("int")) {
        BigInteger b =
            switch (v) {
              case BigInteger big -> big;
              case Long l when n.startsWith("uint") -> new BigInteger(Long.toUnsignedString(l));
              case Number num -> BigInteger.valueOf(num.longValue());
              case Enum<?> en ->
                  BigInteger.valueOf((int) en.getClass().getMethod("value").invoke(en));
              default -> throw new IllegalArgumentException(String.valueOf(v));
            };
        String cls = Character.toUpperCase(n.charAt(0)) + n.substring(1);
        return (Type<?>)
            Class.forName(GENERATED + cls).getConstructor(BigInteger.class).newInstance(b);
      }
      return switch (n) {
        case "bool" -> new Bool((Boolean) v);
        case "address" -> new Address(new BigInteger(1, (byte[]) v));
        case "bytes" -> new DynamicBytes((byte[]) v);
        case "string" -> new Utf8String((String) v);
        default ->
            (Type<?>)
                Class.forName(GENERATED + "Bytes" + n.substring(5))
                    .getConstructor(byte[].class)
                    .newInstance(v);
      };
    } catch (ReflectiveOperationException ex) {
      throw new IllegalStateException(ex);
    }
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends Type<?>> classOf(Node t) {
    try {
      return switch (t) {
        case Tuple tuple ->
            (Class<? extends Type<?>>)
                (Class<?>) (tuple.dynamic() ? DynamicStruct.class : StaticStruct.class);
        case Arr a -> throw new IllegalArgumentException("nested arrays are not generated");
        case Elem e -> {
          String n = e.name();
          String cls =
              switch (n) {
                case "bool" -> "org.web3j.abi.datatypes.Bool";
                case "address" -> "org.web3j.abi.datatypes.Address";
                case "bytes" -> "org.web3j.abi.datatypes.DynamicBytes";
                case "string" -> "org.web3j.abi.datatypes.Utf8String";
                default -> GENERATED + Character.toUpperCase(n.charAt(0)) + n.substring(1);
              };
          yield (Class<? extends Type<?>>) Class.forName(cls);
        }
      };
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Plain Java view of web3j values (lists, hex strings, numbers) for comparing them. */
  static Object plain(Object v) {
    return switch (v) {
      case List<?> l -> l.stream().map(Web3jValues::plain).toList();
      case Type<?> t -> plain(t.getValue());
      case byte[] b -> HexFormat.of().formatHex(b);
      default -> v;
    };
  }

  static Object get(RecordComponent c, Record r) {
    try {
      return c.getAccessor().invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
