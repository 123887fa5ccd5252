package io.trestle.abi.codegen;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import com.palantir.javapoet.JavaFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a protoc request into generated files. Pure function of the request (no I/O, no clock), so
 * tests run it in-process on descriptor sets and compare with golden files.
 *
 * <p>Parameter (protoc {@code --abi_opt} / the Maven plugin's {@code options}): comma-separated
 * {@code key=value}; {@code out=java} (default), {@code out=solidity} or {@code out=both}.
 */
public final class Generator {

  /** Generates the response for {@code request}; schema problems become the response's error. */
  public CodeGeneratorResponse generate(CodeGeneratorRequest request) {
    CodeGeneratorResponse.Builder response =
        CodeGeneratorResponse.newBuilder()
            .setSupportedFeatures(
                CodeGeneratorResponse.Feature.FEATURE_PROTO3_OPTIONAL.getNumber());
    try {
      Parameters params = Parameters.parse(request.getParameter());
      List<FileDescriptor> files = descriptors(request.getProtoFileList());
      Schema schema = Schema.build(files);
      Set<String> toGenerate = new HashSet<>(request.getFileToGenerateList());
      for (FileDescriptor file : files) {
        if (toGenerate.contains(file.getName())) {
          generate(schema, file, params, response);
        }
      }
    } catch (SchemaException e) {
      response.setError(e.getMessage());
    }
    return response.build();
  }

  private static void generate(
      Schema schema, FileDescriptor file, Parameters params, CodeGeneratorResponse.Builder out) {
    if (params.java()) {
      for (StructModel s : schema.structs()) {
        if (s.descriptor().getFile() == file) {
          add(out, new RecordGenerator(s).generate(file.getName()));
        }
      }
      for (StructModel s : schema.tuples()) {
        if (s.descriptor().getFile() == file) {
          add(out, new RecordGenerator(s).generate(file.getName()));
        }
      }
      for (EvmModels.Event e : schema.events()) {
        if (e.descriptor().getFile() == file) {
          add(out, EventGenerator.generate(e, file.getName()));
        }
      }
      for (EvmModels.Error e : schema.errors()) {
        if (e.descriptor().getFile() == file) {
          add(out, ErrorGenerator.generate(e, file.getName()));
        }
      }
      for (EvmModels.Contract c : schema.contracts()) {
        if (c.descriptor().getFile() == file) {
          add(out, ContractGenerator.generate(c, file.getName()));
        }
      }
      for (EnumModel e : schema.enums()) {
        if (e.descriptor().getFile() == file) {
          add(out, EnumGenerator.generate(e, file.getName()));
        }
      }
      if (!schema.chains(file).isEmpty()) {
        add(out, ChainsGenerator.generate(file, schema.chains(file)));
      }
    }
    if (params.solidity()) {
      SolidityGenerator.generate(schema, file)
          .ifPresent(
              sol ->
                  out.addFile(
                      CodeGeneratorResponse.File.newBuilder()
                          .setName(SolidityGenerator.path(file))
                          .setContent(sol)));
    }
  }

  private static void add(CodeGeneratorResponse.Builder out, JavaFile file) {
    String path = file.packageName().replace('.', '/') + "/" + file.typeSpec().name() + ".java";
    out.addFile(CodeGeneratorResponse.File.newBuilder().setName(path).setContent(file.toString()));
  }

  private static List<FileDescriptor> descriptors(List<FileDescriptorProto> protos)
      throws SchemaException {
    Map<String, FileDescriptor> byName = new HashMap<>();
    List<FileDescriptor> out = new ArrayList<>();
    for (FileDescriptorProto p : protos) {
      FileDescriptor[] deps = new FileDescriptor[p.getDependencyCount()];
      for (int i = 0; i < deps.length; i++) {
        deps[i] = byName.get(p.getDependency(i));
        if (deps[i] == null) {
          throw new SchemaException(
              List.of(
                  p.getName() + ":1: dependency " + p.getDependency(i) + " not in the request"));
        }
      }
      try {
        FileDescriptor f = FileDescriptor.buildFrom(p, deps);
        byName.put(p.getName(), f);
        out.add(f);
      } catch (DescriptorValidationException e) {
        throw new SchemaException(List.of(p.getName() + ":1: " + e.getMessage()));
      }
    }
    return out;
  }

  /** Plugin parameters. */
  record Parameters(boolean java, boolean solidity) {
    static Parameters parse(String parameter) throws SchemaException {
      boolean java = true;
      boolean solidity = false;
      for (String kv : parameter.split(",")) {
        if (kv.isBlank()) {
          continue;
        }
        String[] p = kv.strip().split("=", 2);
        if (p.length == 2 && p[0].equals("out")) {
          switch (p[1]) {
            case "java" -> {
              java = true;
              solidity = false;
            }
            case "solidity" -> {
              java = false;
              solidity = true;
            }
            case "both" -> {
              java = true;
              solidity = true;
            }
            default -> throw badParameter(kv);
          }
        } else {
          throw badParameter(kv);
        }
      }
      return new Parameters(java, solidity);
    }

    private static SchemaException badParameter(String kv) {
      return new SchemaException(
          List.of(
              "trestle-abi-plugin: unknown parameter \""
                  + kv
                  + "\" (expected out=java|solidity|both)"));
    }
  }
}
