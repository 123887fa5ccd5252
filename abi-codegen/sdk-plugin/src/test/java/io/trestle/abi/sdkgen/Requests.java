package io.trestle.abi.sdkgen;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Builds {@code CodeGeneratorRequest}s from the descriptor sets that the build writes with protoc
 * (target/descriptors/*.pb, with imports and source info), as protoc itself would send them.
 */
final class Requests {
  static final Path REAL = Path.of("target/descriptors/real.pb");
  static final Path BAD = Path.of("target/descriptors/bad.pb");

  private Requests() {}

  /** Runs the generator on every file of {@code set} accepted by {@code generate}. */
  static CodeGeneratorResponse run(Path set, Predicate<String> generate, String parameter) {
    List<FileDescriptorProto> files = load(set).getFileList();
    CodeGeneratorRequest request =
        CodeGeneratorRequest.newBuilder()
            .setParameter(parameter)
            .addAllFileToGenerate(
                files.stream().map(FileDescriptorProto::getName).filter(generate).toList())
            .addAllProtoFile(files)
            .build();
    return new SdkGenerator().generate(request);
  }

  private static FileDescriptorSet load(Path set) {
    try (InputStream in = Files.newInputStream(set)) {
      return FileDescriptorSet.parseFrom(in, Main.registry());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
