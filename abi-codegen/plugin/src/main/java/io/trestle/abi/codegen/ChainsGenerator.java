package io.trestle.abi.codegen;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.trestle.proto.abi.v1.ChainOptions;
import io.trestle.proto.abi.v1.Options;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The chain registry: {@code (trestle.abi.v1.chain)} file options become a {@code Chains} class
 * with one constant per chain (EIP-155 id, confirmations, block time, EIP-1559 fee bounds, bump
 * percent).
 */
final class ChainsGenerator {
  private ChainsGenerator() {}

  /** Checks the chains declared in {@code file}, adding problems to {@code schema}. */
  static List<ChainOptions> chains(FileDescriptor file, Schema schema) {
    List<ChainOptions> chains = file.getOptions().getExtension(Options.chain);
    String where = Locations.ofFileOptions(file);
    Set<Long> ids = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < chains.size(); i++) {
      ChainOptions c = chains.get(i);
      where = Locations.ofChain(file, i);
      String what = "chain " + c.getChainId() + " (" + c.getName() + "): ";
      if (c.getChainId() <= 0) {
        schema.problem(where, what + "chain_id must be positive");
      }
      if (!c.getName().matches("[a-z][a-z0-9-]*")) {
        schema.problem(where, what + "name must match [a-z][a-z0-9-]*");
      }
      if (!ids.add(c.getChainId()) || !names.add(c.getName())) {
        schema.problem(where, what + "chain id or name declared twice");
      }
      if (c.getBlockTimeMs() <= 0) {
        schema.problem(where, what + "block_time_ms must be positive");
      }
      if (c.getMaxFeePerGasWei() <= 0
          || Long.compareUnsigned(c.getMaxPriorityFeePerGasWei(), c.getMaxFeePerGasWei()) > 0) {
        schema.problem(
            where, what + "need 0 < max_priority_fee_per_gas_wei <= max_fee_per_gas_wei");
      }
      if (c.getFeeBumpPercent() < 10) {
        schema.problem(
            where, what + "fee_bump_percent must be at least 10 (geth's replacement rule)");
      }
    }
    if (!chains.isEmpty() && Schema.javaPackage(file).isEmpty()) {
      schema.problem(
          where, "chains are declared in a file without option (trestle.abi.v1.java_package)");
    }
    return chains;
  }

  static String constantName(ChainOptions c) {
    return c.getName().toUpperCase(Locale.ROOT).replace('-', '_');
  }

  static JavaFile generate(FileDescriptor file, List<ChainOptions> chains) {
    String pkg = Schema.javaPackage(file);
    ClassName self = ClassName.get(pkg, "Chains");
    ClassName chain = self.nestedClass("Chain");
    TypeSpec record =
        TypeSpec.recordBuilder(chain)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addJavadoc("One chain of the registry.\n\n")
            .addJavadoc("@param chainId EIP-155 chain id\n")
            .addJavadoc("@param name short stable name used in configuration and logs\n")
            .addJavadoc("@param confirmations blocks on top of a log's block before it counts\n")
            .addJavadoc("@param blockTimeMs expected block interval, milliseconds\n")
            .addJavadoc("@param maxFeePerGasWei EIP-1559 max fee per gas cap, wei (unsigned)\n")
            .addJavadoc(
                "@param maxPriorityFeePerGasWei EIP-1559 priority fee cap, wei (unsigned)\n")
            .addJavadoc(
                "@param feeBumpPercent fee increase when re-submitting a stuck transaction\n")
            .recordConstructor(
                MethodSpec.constructorBuilder()
                    .addParameter(ParameterSpec.builder(TypeName.LONG, "chainId").build())
                    .addParameter(ParameterSpec.builder(String.class, "name").build())
                    .addParameter(ParameterSpec.builder(TypeName.INT, "confirmations").build())
                    .addParameter(ParameterSpec.builder(TypeName.LONG, "blockTimeMs").build())
                    .addParameter(ParameterSpec.builder(TypeName.LONG, "maxFeePerGasWei").build())
                    .addParameter(
                        ParameterSpec.builder(TypeName.LONG, "maxPriorityFeePerGasWei").build())
                    .addParameter(ParameterSpec.builder(TypeName.INT, "feeBumpPercent").build())
                    .build())
            .build();
    TypeSpec.Builder t =
        TypeSpec.classBuilder(self)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc("Chain registry declared in $L.\n", file.getName())
            .addType(record)
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    CodeBlock.Builder all = CodeBlock.builder().add("$T.of(", List.class);
    for (int i = 0; i < chains.size(); i++) {
      ChainOptions c = chains.get(i);
      t.addField(
          FieldSpec.builder(
                  chain, constantName(c), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
              .addJavadoc(
                  "Chain $L, {@code $L}.\n", Long.toUnsignedString(c.getChainId()), c.getName())
              .initializer(
                  "new $T($LL, $S, $L, $LL, $LL, $LL, $L)",
                  chain,
                  c.getChainId(),
                  c.getName(),
                  c.getConfirmations(),
                  Integer.toUnsignedLong(c.getBlockTimeMs()),
                  c.getMaxFeePerGasWei(),
                  c.getMaxPriorityFeePerGasWei(),
                  c.getFeeBumpPercent())
              .build());
      all.add(i == 0 ? "$N" : ", $N", constantName(c));
    }
    TypeName list = ParameterizedTypeName.get(ClassName.get(List.class), chain);
    t.addField(
        FieldSpec.builder(list, "ALL", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("Every chain, in declaration order.\n")
            .initializer(all.add(")").build())
            .build());
    TypeName opt = ParameterizedTypeName.get(ClassName.get(Optional.class), chain);
    t.addMethod(
        MethodSpec.methodBuilder("byId")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(opt)
            .addParameter(TypeName.LONG, "chainId")
            .addJavadoc("The chain with EIP-155 id {@code chainId}, if declared.\n")
            .addStatement("return ALL.stream().filter(c -> c.chainId() == chainId).findFirst()")
            .build());
    t.addMethod(
        MethodSpec.methodBuilder("byName")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(opt)
            .addParameter(String.class, "name")
            .addJavadoc("The chain named {@code name}, if declared.\n")
            .addStatement("return ALL.stream().filter(c -> c.name().equals(name)).findFirst()")
            .build());
    return JavaFile.builder(pkg, t.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .addFileComment("Generated by trestle-abi-plugin from $L. Do not edit.", file.getName())
        .build();
  }
}
