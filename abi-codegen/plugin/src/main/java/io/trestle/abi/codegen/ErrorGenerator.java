package io.trestle.abi.codegen;

import static io.trestle.abi.codegen.TypeCode.BYTES;
import static io.trestle.abi.codegen.TypeCode.DECODE_EXCEPTION;
import static io.trestle.abi.codegen.TypeCode.READER;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.trestle.abi.runtime.Keccak256;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Generates the record of one EVM custom error: {@code SIGNATURE}, {@code SELECTOR}, {@code
 * matches(revertData)}, {@code encode()} and the strict {@code decode(revertData)} (Solidity ABI
 * spec, "Errors": revert data is the first 4 bytes of keccak256 of the signature, then abi.encode
 * of the parameters, exactly like calldata).
 */
final class ErrorGenerator {
  private ErrorGenerator() {}

  static JavaFile generate(EvmModels.Error e, String sourceFile) {
    StructModel r = e.record();
    ClassName self = ClassName.get(r.javaPackage(), r.name());
    RecordGenerator rg = new RecordGenerator(r);
    List<FieldModel> params = r.fields();
    String sig = e.signature();
    byte[] h = Keccak256.hash(sig.getBytes(StandardCharsets.UTF_8));
    int selector =
        ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    CodeBlock.Builder doc =
        CodeBlock.builder()
            .add(
                "EVM custom error {@code $L} ($L, message {@code $L}).\n",
                sig,
                sourceFile,
                e.descriptor().getFullName());
    if (!params.isEmpty()) {
      doc.add("\n");
    }
    for (FieldModel f : params) {
      doc.add("@param $N {@code $L}\n", f.name(), f.type().solidity());
    }
    TypeSpec.Builder t =
        TypeSpec.recordBuilder(self)
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc(doc.build())
            .addField(
                FieldSpec.builder(
                        String.class, "SIGNATURE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("Canonical error signature.\n")
                    .initializer("$S", sig)
                    .build())
            .addField(
                FieldSpec.builder(
                        TypeName.INT, "SELECTOR", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("First 4 bytes of keccak256(SIGNATURE), big-endian.\n")
                    .initializer("0x$L", String.format("%08x", selector))
                    .build());
    if (!params.isEmpty()) {
      t.recordConstructor(rg.constructor());
    }
    t.addMethod(
        MethodSpec.methodBuilder("matches")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(TypeName.BOOLEAN)
            .addParameter(BYTES, "revertData")
            .addJavadoc(
                "Whether {@code revertData} starts with SELECTOR (it may still be malformed).\n")
            .addStatement(
                "return revertData.length >= 4 && (((revertData[0] & 0xff) << 24)"
                    + " | ((revertData[1] & 0xff) << 16) | ((revertData[2] & 0xff) << 8)"
                    + " | (revertData[3] & 0xff)) == SELECTOR")
            .build());
    t.addMethod(TupleMethods.size("dataSize", params).addModifiers(Modifier.PRIVATE).build());
    t.addMethod(TupleMethods.write("writeData", params).addModifiers(Modifier.PRIVATE).build());
    t.addMethod(
        MethodSpec.methodBuilder("encode")
            .addModifiers(Modifier.PUBLIC)
            .returns(BYTES)
            .addJavadoc("Revert data: SELECTOR, then abi.encode of the parameters.\n")
            .addStatement("byte[] out = new byte[$T.add(4, dataSize())]", TypeCode.WRITER)
            .addStatement("writeData(out, 4)")
            .addStatement("out[0] = (byte) (SELECTOR >>> 24)")
            .addStatement("out[1] = (byte) (SELECTOR >>> 16)")
            .addStatement("out[2] = (byte) (SELECTOR >>> 8)")
            .addStatement("out[3] = (byte) SELECTOR")
            .addStatement("return out")
            .build());
    t.addMethod(
        MethodSpec.methodBuilder("decode")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(self)
            .addParameter(BYTES, "revertData")
            .addJavadoc("Strict inverse of {@link #encode()}.\n")
            .addJavadoc(
                "\n@throws $T if the selector is not SELECTOR or the parameters are not their\n",
                DECODE_EXCEPTION)
            .addJavadoc("    canonical encoding (see the records' {@code decode})\n")
            .addStatement("$T in = new $T(revertData)", READER, READER)
            .addStatement("in.require(0, 4, $S)", e.name())
            .beginControlFlow("if (!matches(revertData))")
            .addStatement("throw new $T(0, $S)", DECODE_EXCEPTION, e.name() + ": wrong selector")
            .endControlFlow()
            .addStatement("int pos = 4")
            .addCode(TupleMethods.read(params, r.name(), "end"))
            .addStatement("in.requireEnd(end, $S)", r.name())
            .addStatement(
                "return new $T($L)",
                self,
                String.join(", ", params.stream().map(FieldModel::name).toList()))
            .build());
    rg.arrayHelpers(t);
    if (!params.isEmpty()) {
      rg.valueMethods(t);
    }
    return JavaFile.builder(r.javaPackage(), t.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .addFileComment("Generated by trestle-abi-plugin from $L. Do not edit.", sourceFile)
        .build();
  }
}
