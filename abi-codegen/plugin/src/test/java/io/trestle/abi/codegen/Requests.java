package io.trestle.abi.codegen;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import io.trestle.proto.abi.v1.Options;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Builds {@code CodeGeneratorRequest}s from the descriptor sets that the build writes with protoc
 * (target/descriptors/*.pb, with source info), as protoc itself would send them to the plugin.
 */
final class Requests {
  static final Path REAL = Path.of("target/descriptors/real.pb");
  static final Path BAD = Path.of("target/descriptors/bad.pb");

  private Requests() {}

  /**
   * Request generating every file of {@code set} accepted by {@code generate}, with its imports.
   */
  static CodeGeneratorRequest request(Path set, Predicate<String> generate, String parameter) {
    Map<String, FileDescriptorProto> all = new LinkedHashMap<>();
    for (FileDescriptorProto f : load(set).getFileList()) {
      all.put(f.getName(), f);
    }
    Set<String> needed = new LinkedHashSet<>();
    List<String> targets = all.keySet().stream().filter(generate).toList();
    for (String t : targets) {
      addWithDeps(t, all, needed);
    }
    CodeGeneratorRequest.Builder r = CodeGeneratorRequest.newBuilder().setParameter(parameter);
    r.addAllFileToGenerate(targets);
    for (FileDescriptorProto f : all.values()) {
      if (needed.contains(f.getName())) {
        r.addProtoFile(f);
      }
    }
    return r.build();
  }

  static CodeGeneratorResponse run(Path set, Predicate<String> generate, String parameter) {
    return new Generator().generate(request(set, generate, parameter));
  }

  private static void addWithDeps(
      String name, Map<String, FileDescriptorProto> all, Set<String> out) {
    if (out.contains(name)) {
      return;
    }
    for (String d : all.get(name).getDependencyList()) {
      addWithDeps(d, all, out);
    }
    out.add(name);
  }

  private static FileDescriptorSet load(Path set) {
    ExtensionRegistry registry = ExtensionRegistry.newInstance();
    Options.registerAllExtensions(registry);
    try (InputStream in = Files.newInputStream(set)) {
      return FileDescriptorSet.parseFrom(in, registry);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
