package io.trestle.abi.codegen;

import static io.trestle.abi.codegen.TypeCode.BYTES;
import static io.trestle.abi.codegen.TypeCode.DECODE_EXCEPTION;
import static io.trestle.abi.codegen.TypeCode.READER;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.trestle.abi.runtime.Keccak256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Generates the record of one EVM event: {@code SIGNATURE}, {@code TOPIC0}, {@code topics()},
 * {@code encodeData()} and the strict {@code decodeLog(topics, data)} (Solidity ABI spec, "Events":
 * topic 0 is keccak256 of the signature; indexed static values are their word, indexed dynamic
 * values the keccak256 of their encoding; data is abi.encode of the non-indexed parameters).
 */
final class EventGenerator {
  private EventGenerator() {}

  static JavaFile generate(EvmModels.Event e, String sourceFile) {
    StructModel r = e.record();
    ClassName self = ClassName.get(r.javaPackage(), r.name());
    RecordGenerator rg = new RecordGenerator(r);
    List<FieldModel> indexed = r.fields().stream().filter(FieldModel::indexed).toList();
    List<FieldModel> data = r.fields().stream().filter(f -> !f.indexed()).toList();
    byte[] topic0 = Keccak256.hash(e.signature().getBytes(StandardCharsets.UTF_8));
    CodeBlock.Builder doc =
        CodeBlock.builder()
            .add(
                "EVM event {@code $L} ($L, message {@code $L}).\n",
                e.signature(),
                sourceFile,
                e.descriptor().getFullName())
            .add("\n");
    for (int i = 0; i < r.fields().size(); i++) {
      FieldModel f = r.fields().get(i);
      FieldModel p = e.params().get(i);
      doc.add(
          "@param $N {@code $L}$L\n",
          f.name(),
          p.type().solidity(),
          !p.indexed()
              ? ""
              : p.type() == f.type() ? ", indexed" : ", indexed: keccak256 of its encoding");
    }
    TypeSpec.Builder t =
        TypeSpec.recordBuilder(self)
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc(doc.build())
            .recordConstructor(rg.constructor())
            .addField(
                FieldSpec.builder(
                        String.class, "SIGNATURE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("Canonical event signature.\n")
                    .initializer("$S", e.signature())
                    .build())
            .addField(
                FieldSpec.builder(
                        String.class, "TOPIC0", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc(
                        "keccak256(SIGNATURE), hex: the first topic of every log of this event.\n")
                    .initializer("$S", "0x" + HexFormat.of().formatHex(topic0))
                    .build())
            .addField(
                FieldSpec.builder(
                        ParameterizedTypeName.get(TypeCode.LIST, ClassName.get(Boolean.class)),
                        "INDEXED",
                        Modifier.PUBLIC,
                        Modifier.STATIC,
                        Modifier.FINAL)
                    .addJavadoc("Per parameter, in order: whether it is an indexed topic.\n")
                    .initializer(
                        "$T.of($L)",
                        TypeCode.LIST,
                        String.join(
                            ", ",
                            e.params().stream().map(f -> String.valueOf(f.indexed())).toList()))
                    .build())
            .addField(
                FieldSpec.builder(
                        BYTES, "TOPIC0_BYTES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$T.of().parseHex(TOPIC0.substring(2))", HexFormat.class)
                    .build());
    t.addMethod(
        MethodSpec.methodBuilder("topic0")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(BYTES)
            .addJavadoc("{@link #TOPIC0} as 32 bytes (a fresh copy).\n")
            .addStatement("return TOPIC0_BYTES.clone()")
            .build());
    TypeName topicList = ParameterizedTypeName.get(TypeCode.LIST, BYTES);
    MethodSpec.Builder topics =
        MethodSpec.methodBuilder("topics")
            .addModifiers(Modifier.PUBLIC)
            .returns(topicList)
            .addJavadoc("The log's topics: TOPIC0, then one 32-byte word per indexed parameter.\n")
            .addStatement("$T topics = new $T<>()", topicList, ArrayList.class)
            .addStatement("topics.add(topic0())");
    if (!indexed.isEmpty()) {
      topics.addStatement("byte[] out");
    }
    for (FieldModel f : indexed) {
      topics
          .addStatement("out = new byte[32]")
          .addStatement(
              TypeCode.writeStatic(f.type(), CodeBlock.of("$N", f.name()), CodeBlock.of("0"), null))
          .addStatement("topics.add(out)");
    }
    t.addMethod(topics.addStatement("return topics").build());
    t.addMethod(TupleMethods.size("dataSize", data).addModifiers(Modifier.PRIVATE).build());
    t.addMethod(TupleMethods.write("writeData", data).addModifiers(Modifier.PRIVATE).build());
    t.addMethod(
        MethodSpec.methodBuilder("encodeData")
            .addModifiers(Modifier.PUBLIC)
            .returns(BYTES)
            .addJavadoc("The log's data: abi.encode of the non-indexed parameters.\n")
            .addStatement("byte[] out = new byte[dataSize()]")
            .addStatement("writeData(out, 0)")
            .addStatement("return out")
            .build());
    MethodSpec.Builder d =
        MethodSpec.methodBuilder("decodeLog")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(self)
            .addParameter(ParameterizedTypeName.get(TypeCode.LIST, BYTES), "logTopics")
            .addParameter(BYTES, "logData")
            .addJavadoc(
                "Decodes a log of this event, strictly (see the records' {@code decode}).\n")
            .addJavadoc(
                "\n@throws $T if the topics are not TOPIC0 plus $L words, or the data\n",
                DECODE_EXCEPTION,
                indexed.size())
            .addJavadoc("    is not the canonical encoding of the non-indexed parameters\n")
            .beginControlFlow("if (logTopics.size() != $L)", indexed.size() + 1)
            .addStatement(
                "throw new $T(0, $S + logTopics.size())",
                DECODE_EXCEPTION,
                e.name() + ": expected " + (indexed.size() + 1) + " topics, got ")
            .endControlFlow()
            .beginControlFlow("if (!$T.equals(logTopics.get(0), TOPIC0_BYTES))", Arrays.class)
            .addStatement(
                "throw new $T(0, $S)", DECODE_EXCEPTION, e.name() + ": topic 0 is not TOPIC0")
            .endControlFlow();
    d.addStatement("$T in", READER);
    int i = 1;
    for (FieldModel f : indexed) {
      String label = r.name() + "." + f.name();
      d.addStatement("in = new $T(logTopics.get($L))", READER, i)
          .addStatement("in.requireEnd(32, $S)", label)
          .addStatement(
              "$T $N = $L",
              TypeCode.javaType(f.type()),
              f.name(),
              TypeCode.read(f.type(), CodeBlock.of("0"), label, null));
      i++;
    }
    d.addStatement("in = new $T(logData)", READER)
        .addStatement("int pos = 0")
        .addCode(TupleMethods.read(data, r.name(), "dataEnd"))
        .addStatement("in.requireEnd(dataEnd, $S)", r.name())
        .addStatement(
            "return new $T($L)",
            self,
            String.join(", ", r.fields().stream().map(FieldModel::name).toList()));
    t.addMethod(d.build());
    rg.arrayHelpers(t);
    rg.valueMethods(t);
    return JavaFile.builder(r.javaPackage(), t.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .addFileComment("Generated by trestle-abi-plugin from $L. Do not edit.", sourceFile)
        .build();
  }
}
