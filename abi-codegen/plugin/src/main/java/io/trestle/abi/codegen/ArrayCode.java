package io.trestle.abi.codegen;

import static io.trestle.abi.codegen.TypeCode.BYTES;
import static io.trestle.abi.codegen.TypeCode.READER;
import static io.trestle.abi.codegen.TypeCode.WRITER;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import javax.lang.model.element.Modifier;

/**
 * Private static size/write/read helpers for one array-typed component ({@code T[]} or {@code
 * T[k]}): a dynamic array is a length word followed by the tuple of its elements; a fixed one is
 * the tuple alone (Solidity ABI spec, "Formal Specification of the Encoding").
 */
final class ArrayCode {
  private ArrayCode() {}

  static void addHelpers(TypeSpec.Builder t, AbiType.Array a, String helper, String label) {
    AbiType el = a.element();
    TypeName listType = TypeCode.javaType(a);
    TypeName elType = TypeCode.javaType(el);
    int elHead = el.headSize();
    CodeBlock item = CodeBlock.of("list.get(i)");

    if (a.dynamic()) {
      MethodSpec.Builder size =
          MethodSpec.methodBuilder("size" + helper)
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .returns(TypeName.INT)
              .addParameter(listType, "list")
              .addStatement(
                  "int size = $T.add($L, $T.times(list.size(), $L))",
                  WRITER,
                  a.fixed() ? 0 : 32,
                  WRITER,
                  elHead);
      if (el.dynamic()) {
        size.beginControlFlow("for (int i = 0; i < list.size(); i++)")
            .addStatement("size = $T.add(size, $L)", WRITER, TypeCode.size(el, item, null))
            .endControlFlow();
      }
      t.addMethod(size.addStatement("return size").build());
    }

    MethodSpec.Builder w =
        MethodSpec.methodBuilder("write" + helper)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(TypeName.INT)
            .addParameter(BYTES, "out")
            .addParameter(TypeName.INT, "pos")
            .addParameter(listType, "list");
    if (a.fixed()) {
      w.addStatement("int base = pos");
    } else {
      w.addStatement("$T.putUint(out, pos, list.size())", WRITER)
          .addStatement("int base = pos + 32");
    }
    if (el.dynamic()) {
      w.addStatement("int tail = base + 32 * list.size()")
          .beginControlFlow("for (int i = 0; i < list.size(); i++)")
          .addStatement("$T.putUint(out, base + 32 * i, tail - base)", WRITER)
          .addStatement("tail = $L", TypeCode.writeDynamic(el, item, CodeBlock.of("tail"), null))
          .endControlFlow()
          .addStatement("return tail");
    } else {
      w.beginControlFlow("for (int i = 0; i < list.size(); i++)")
          .addStatement(TypeCode.writeStatic(el, item, CodeBlock.of("base + $L * i", elHead), null))
          .endControlFlow()
          .addStatement("return base + $L * list.size()", elHead);
    }
    t.addMethod(w.build());

    MethodSpec.Builder r =
        MethodSpec.methodBuilder("read" + helper)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(listType)
            .addParameter(READER, "in")
            .addParameter(TypeName.INT, "pos");
    if (a.fixed()) {
      r.addStatement("int n = $L", a.length())
          .addStatement("in.require(pos, $LL, $S)", (long) a.length() * elHead, label)
          .addStatement("int base = pos");
    } else {
      r.addStatement("int n = in.readLength(pos, $L, $S)", elHead, label)
          .addStatement("int base = pos + 32");
    }
    if (el.dynamic()) {
      r.addStatement("int tail = base + 32 * n");
    }
    r.addStatement("$T list = new $T<>(n)", listType, ArrayList.class);
    r.beginControlFlow("for (int i = 0; i < n; i++)");
    if (el.dynamic()) {
      r.addStatement("in.readOffset(base + 32 * i, tail - base, $S)", label)
          .addStatement("$T e = $L", elType, TypeCode.read(el, CodeBlock.of("tail"), label, null))
          .addStatement("list.add(e)")
          .addStatement("tail += $L", TypeCode.size(el, CodeBlock.of("e"), null));
    } else {
      r.addStatement(
          "list.add($L)", TypeCode.read(el, CodeBlock.of("base + $L * i", elHead), label, null));
    }
    r.endControlFlow();
    t.addMethod(r.addStatement("return list").build());
  }
}
