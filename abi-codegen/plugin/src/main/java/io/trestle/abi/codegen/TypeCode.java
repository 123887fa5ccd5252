package io.trestle.abi.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.math.BigInteger;
import java.util.List;

/**
 * Java snippets for one ABI type: its Java type, and expressions that size, write and read a value
 * of it at a position. Writers use the local {@code out} (a zero-filled array), readers the local
 * {@code in} ({@code AbiReader}).
 */
final class TypeCode {
  static final ClassName WRITER = ClassName.get("io.trestle.abi.runtime", "AbiWriter");
  static final ClassName READER = ClassName.get("io.trestle.abi.runtime", "AbiReader");
  static final ClassName VALUES = ClassName.get("io.trestle.abi.runtime", "AbiValues");
  static final ClassName DECODE_EXCEPTION =
      ClassName.get("io.trestle.abi.runtime", "AbiDecodeException");
  static final ClassName KECCAK = ClassName.get("io.trestle.abi.runtime", "Keccak256");
  static final ClassName LIST = ClassName.get(List.class);
  static final TypeName BYTES = ArrayTypeName.of(TypeName.BYTE);

  private TypeCode() {}

  /** Java type of a value of {@code t}. */
  static TypeName javaType(AbiType t) {
    return switch (t) {
      case AbiType.Uint u -> u.bits() <= 24 ? TypeName.INT : u.bits() <= 64 ? TypeName.LONG : big();
      case AbiType.Int i -> i.bits() <= 32 ? TypeName.INT : i.bits() <= 64 ? TypeName.LONG : big();
      case AbiType.Word w -> w == AbiType.Word.BOOL ? TypeName.BOOLEAN : BYTES;
      case AbiType.Dynamic d -> d.isString() ? ClassName.get(String.class) : BYTES;
      case AbiType.Enum e -> ClassName.get(e.model().javaPackage(), e.model().name());
      case AbiType.Struct s -> ClassName.get(s.model().javaPackage(), s.model().name());
      case AbiType.Array a -> ParameterizedTypeName.get(LIST, javaType(a.element()).box());
    };
  }

  private static TypeName big() {
    return ClassName.get(BigInteger.class);
  }

  static boolean isByteArray(AbiType t) {
    return javaType(t).equals(BYTES);
  }

  static boolean isPrimitive(AbiType t) {
    return javaType(t).isPrimitive();
  }

  /** Statement writing static {@code t} value {@code v} at {@code pos}. */
  static CodeBlock writeStatic(AbiType t, CodeBlock v, CodeBlock pos, String helper) {
    return switch (t) {
      case AbiType.Uint u when u.bits() <= 64 ->
          CodeBlock.of("$T.putUint(out, $L, $L)", WRITER, pos, v);
      case AbiType.Int i when i.bits() <= 64 ->
          CodeBlock.of("$T.putInt(out, $L, $L)", WRITER, pos, v);
      case AbiType.Uint u -> CodeBlock.of("$T.putBig(out, $L, $L)", WRITER, pos, v);
      case AbiType.Int i -> CodeBlock.of("$T.putBig(out, $L, $L)", WRITER, pos, v);
      case AbiType.Word w when w == AbiType.Word.BOOL ->
          CodeBlock.of("$T.putBool(out, $L, $L)", WRITER, pos, v);
      case AbiType.Word w when w == AbiType.Word.ADDRESS ->
          CodeBlock.of("$T.putAddress(out, $L, $L)", WRITER, pos, v);
      case AbiType.Word w -> CodeBlock.of("$T.putBytesN(out, $L, $L)", WRITER, pos, v);
      case AbiType.Enum e -> CodeBlock.of("$T.putUint(out, $L, $L.value())", WRITER, pos, v);
      case AbiType.Struct s -> CodeBlock.of("$L.writeTuple(out, $L)", v, pos);
      case AbiType.Array a -> CodeBlock.of("$L(out, $L, $L)", "write" + helper, pos, v);
      case AbiType.Dynamic d -> throw new IllegalArgumentException("dynamic type");
    };
  }

  /** Expression writing dynamic {@code t} value {@code v} at {@code pos}; evaluates to the end. */
  static CodeBlock writeDynamic(AbiType t, CodeBlock v, CodeBlock pos, String helper) {
    return switch (t) {
      case AbiType.Dynamic d when d.isString() ->
          CodeBlock.of("$T.putString(out, $L, $L)", WRITER, pos, v);
      case AbiType.Dynamic d -> CodeBlock.of("$T.putBytes(out, $L, $L)", WRITER, pos, v);
      case AbiType.Struct s -> CodeBlock.of("$L.writeTuple(out, $L)", v, pos);
      case AbiType.Array a -> CodeBlock.of("$L(out, $L, $L)", "write" + helper, pos, v);
      default -> throw new IllegalArgumentException("static type " + t);
    };
  }

  /** Expression: encoded size of dynamic {@code t} value {@code v} (without its head word). */
  static CodeBlock size(AbiType t, CodeBlock v, String helper) {
    return switch (t) {
      case AbiType.Dynamic d when d.isString() -> CodeBlock.of("$T.stringSize($L)", WRITER, v);
      case AbiType.Dynamic d -> CodeBlock.of("$T.bytesSize($L)", WRITER, v);
      case AbiType.Struct s -> CodeBlock.of("$L.tupleSize()", v);
      case AbiType.Array a -> CodeBlock.of("$L($L)", "size" + helper, v);
      default -> CodeBlock.of("$L", t.staticSize());
    };
  }

  /** Expression reading a value of {@code t} at {@code pos}; {@code field} names it in errors. */
  static CodeBlock read(AbiType t, CodeBlock pos, String field, String helper) {
    return switch (t) {
      case AbiType.Uint u when u.bits() <= 24 ->
          CodeBlock.of("(int) in.readUint($L, $L, $S)", pos, u.bits(), field);
      case AbiType.Uint u when u.bits() <= 64 ->
          CodeBlock.of("in.readUint($L, $L, $S)", pos, u.bits(), field);
      case AbiType.Uint u -> CodeBlock.of("in.readBigUint($L, $L, $S)", pos, u.bits(), field);
      case AbiType.Int i when i.bits() <= 32 ->
          CodeBlock.of("(int) in.readInt($L, $L, $S)", pos, i.bits(), field);
      case AbiType.Int i when i.bits() <= 64 ->
          CodeBlock.of("in.readInt($L, $L, $S)", pos, i.bits(), field);
      case AbiType.Int i -> CodeBlock.of("in.readBigInt($L, $L, $S)", pos, i.bits(), field);
      case AbiType.Word w when w == AbiType.Word.BOOL ->
          CodeBlock.of("in.readBool($L, $S)", pos, field);
      case AbiType.Word w when w == AbiType.Word.ADDRESS ->
          CodeBlock.of("in.readAddress($L, $S)", pos, field);
      case AbiType.Word w -> CodeBlock.of("in.readBytesN($L, $L, $S)", pos, w.byteLength(), field);
      case AbiType.Dynamic d when d.isString() -> CodeBlock.of("in.readString($L, $S)", pos, field);
      case AbiType.Dynamic d -> CodeBlock.of("in.readBytes($L, $S)", pos, field);
      case AbiType.Enum e ->
          CodeBlock.of("$T.readAbi(in, $L, $L, $S)", javaType(e), pos, e.bits(), field);
      case AbiType.Struct s -> CodeBlock.of("$T.readTuple(in, $L)", javaType(s), pos);
      case AbiType.Array a -> CodeBlock.of("$L(in, $L)", "read" + helper, pos);
    };
  }

  /** Statements validating a component in a compact constructor (may reassign lists). */
  static CodeBlock validate(AbiType t, String name, String field) {
    CodeBlock.Builder b = CodeBlock.builder();
    if (!isPrimitive(t)) {
      b.addStatement("$T.requireNonNull($N, $S)", java.util.Objects.class, name, field);
    }
    switch (t) {
      case AbiType.Array a -> {
        b.addStatement("$N = $T.copyOf($N)", name, LIST, name);
        if (a.fixed()) {
          b.addStatement("$T.checkSize($N, $L, $S)", VALUES, name, a.length(), field);
        }
        CodeBlock elementCheck = elementCheck(a.element(), "e", field + "[]");
        if (!elementCheck.isEmpty()) {
          b.beginControlFlow("for ($T e : $N)", javaType(a.element()).box(), name)
              .add(elementCheck)
              .endControlFlow();
        }
      }
      default -> b.add(elementCheck(t, name, field));
    }
    return b.build();
  }

  private static CodeBlock elementCheck(AbiType t, String v, String field) {
    return switch (t) {
      case AbiType.Uint u when u.bits() < 64 ->
          CodeBlock.builder()
              .addStatement("$T.checkUint($N, $L, $S)", VALUES, v, u.bits(), field)
              .build();
      case AbiType.Int i when i.bits() < 64 && i.bits() != 32 ->
          CodeBlock.builder()
              .addStatement("$T.checkInt($N, $L, $S)", VALUES, v, i.bits(), field)
              .build();
      case AbiType.Uint u when u.bits() > 64 ->
          CodeBlock.builder()
              .addStatement("$T.checkBig($N, $L, false, $S)", VALUES, v, u.bits(), field)
              .build();
      case AbiType.Int i when i.bits() > 64 ->
          CodeBlock.builder()
              .addStatement("$T.checkBig($N, $L, true, $S)", VALUES, v, i.bits(), field)
              .build();
      case AbiType.Word w when w != AbiType.Word.BOOL ->
          CodeBlock.builder()
              .addStatement("$T.checkLength($N, $L, $S)", VALUES, v, w.byteLength(), field)
              .build();
      case AbiType.Dynamic d when d.isString() ->
          CodeBlock.builder().addStatement("$T.utf8Length($N)", WRITER, v).build();
      default -> CodeBlock.of("");
    };
  }
}
