package io.trestle.abi.sdkgen;

import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import io.trestle.proto.api.v1.Http;
import java.io.IOException;

/**
 * protoc plugin entry point: reads a {@code CodeGeneratorRequest} from stdin and writes a {@code
 * CodeGeneratorResponse} to stdout (protoc's plugin protocol, plugin.proto). Binding problems go
 * into the response's error field, which protoc prints before failing.
 */
public final class Main {
  private Main() {}

  /** Runs the plugin on stdin/stdout. */
  public static void main(String[] args) throws IOException {
    CodeGeneratorRequest request = CodeGeneratorRequest.parseFrom(System.in, registry());
    CodeGeneratorResponse response = new SdkGenerator().generate(request);
    response.writeTo(System.out);
    System.out.flush();
  }

  /** The registry that makes {@code (trestle.api.v1.http)} readable in method options. */
  public static ExtensionRegistry registry() {
    ExtensionRegistry registry = ExtensionRegistry.newInstance();
    Http.registerAllExtensions(registry);
    return registry;
  }
}
