package io.trestle.abi.codegen;

import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import io.trestle.proto.abi.v1.Options;
import java.io.IOException;

/**
 * protoc plugin entry point: reads a {@code CodeGeneratorRequest} from stdin and writes a {@code
 * CodeGeneratorResponse} to stdout (protoc's plugin protocol, plugin.proto). Schema problems go
 * into the response's error field, which protoc prints before failing.
 */
public final class Main {
  private Main() {}

  /** Runs the plugin on stdin/stdout. */
  public static void main(String[] args) throws IOException {
    ExtensionRegistry registry = ExtensionRegistry.newInstance();
    Options.registerAllExtensions(registry);
    CodeGeneratorRequest request = CodeGeneratorRequest.parseFrom(System.in, registry);
    CodeGeneratorResponse response = new Generator().generate(request);
    response.writeTo(System.out);
    System.out.flush();
  }
}
