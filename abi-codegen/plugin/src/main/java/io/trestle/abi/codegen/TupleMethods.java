package io.trestle.abi.codegen;

import static io.trestle.abi.codegen.TypeCode.BYTES;
import static io.trestle.abi.codegen.TypeCode.WRITER;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Size, write and read code for a tuple made of some components of a record (all of a struct's
 * fields, the non-indexed fields of an event, a function's parameters). Head positions are relative
 * to the tuple start {@code pos}; dynamic components follow in the tail in declaration order, which
 * is the canonical layout (Solidity ABI spec, "Formal Specification of the Encoding").
 */
final class TupleMethods {
  private TupleMethods() {}

  static int headSize(List<FieldModel> fields) {
    return fields.stream().mapToInt(f -> f.type().headSize()).sum();
  }

  static boolean dynamic(List<FieldModel> fields) {
    return fields.stream().anyMatch(f -> f.type().dynamic());
  }

  static String helper(FieldModel f) {
    return Character.toUpperCase(f.name().charAt(0)) + f.name().substring(1);
  }

  /** {@code int name()}: bytes of the tuple of {@code fields} (without an offset word). */
  static MethodSpec.Builder size(String name, List<FieldModel> fields) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(name).returns(TypeName.INT);
    int head = headSize(fields);
    if (!dynamic(fields)) {
      return m.addStatement("return $L", head);
    }
    m.addStatement("int size = $L", head);
    for (FieldModel f : fields) {
      if (f.type().dynamic()) {
        m.addStatement(
            "size = $T.add(size, $L)",
            WRITER,
            TypeCode.size(f.type(), CodeBlock.of("$N", f.name()), helper(f)));
      }
    }
    return m.addStatement("return size");
  }

  /** {@code int name(byte[] out, int pos)}: writes the tuple at {@code pos}, returns its end. */
  static MethodSpec.Builder write(String name, List<FieldModel> fields) {
    MethodSpec.Builder w =
        MethodSpec.methodBuilder(name)
            .returns(TypeName.INT)
            .addParameter(BYTES, "out")
            .addParameter(TypeName.INT, "pos");
    boolean dynamic = dynamic(fields);
    if (dynamic) {
      w.addStatement("int tail = pos + $L", headSize(fields));
    }
    int off = 0;
    for (FieldModel f : fields) {
      CodeBlock v = CodeBlock.of("$N", f.name());
      CodeBlock at = CodeBlock.of("pos + $L", off);
      if (f.type().dynamic()) {
        w.addStatement("$T.putUint(out, $L, tail - pos)", WRITER, at);
        w.addStatement(
            "tail = $L", TypeCode.writeDynamic(f.type(), v, CodeBlock.of("tail"), helper(f)));
      } else {
        w.addStatement(TypeCode.writeStatic(f.type(), v, at, helper(f)));
      }
      off += f.type().headSize();
    }
    return dynamic
        ? w.addStatement("return tail")
        : w.addStatement("return pos + $L", headSize(fields));
  }

  /**
   * Statements reading the tuple at {@code pos} of reader {@code in} into locals named like the
   * fields; with {@code endLocal}, also declares that local as the tuple's end.
   */
  static CodeBlock read(List<FieldModel> fields, String owner, String endLocal) {
    CodeBlock.Builder r = CodeBlock.builder();
    int head = headSize(fields);
    r.addStatement("in.require(pos, $L, $S)", head, owner);
    boolean dynamic = dynamic(fields);
    if (dynamic) {
      r.addStatement("int tail = pos + $L", head);
    }
    int off = 0;
    for (FieldModel f : fields) {
      String label = owner + "." + f.name();
      CodeBlock at = CodeBlock.of("pos + $L", off);
      TypeName jt = TypeCode.javaType(f.type());
      if (f.type().dynamic()) {
        r.addStatement("in.readOffset($L, tail - pos, $S)", at, label);
        r.addStatement(
            "$T $N = $L",
            jt,
            f.name(),
            TypeCode.read(f.type(), CodeBlock.of("tail"), label, helper(f)));
        r.addStatement(
            "tail += $L", TypeCode.size(f.type(), CodeBlock.of("$N", f.name()), helper(f)));
      } else {
        r.addStatement("$T $N = $L", jt, f.name(), TypeCode.read(f.type(), at, label, helper(f)));
      }
      off += f.type().headSize();
    }
    if (endLocal != null) {
      if (dynamic) {
        r.addStatement("int $N = tail", endLocal);
      } else {
        r.addStatement("int $N = pos + $L", endLocal, head);
      }
    }
    return r.build();
  }

  static Modifier[] publicStatic() {
    return new Modifier[] {Modifier.PUBLIC, Modifier.STATIC};
  }
}
