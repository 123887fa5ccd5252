package io.trestle.abi.sdkgen;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
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
 * Turns a protoc request into one client class per service whose rpcs carry {@code
 * (trestle.api.v1.http)} bindings. Services without any binding are skipped (they are the ABI
 * plugin's contracts). Pure function of the request (no I/O, no clock), so tests run it in-process
 * on descriptor sets and compare with golden files.
 *
 * <p>Parameter (the Maven plugin's {@code options} / protoc {@code --sdk_opt}): {@code
 * package=<java package>} for the generated clients; default: the file's java_package + {@code
 * .client}.
 */
public final class SdkGenerator {

  /** Generates the response for {@code request}; binding problems become the response's error. */
  public CodeGeneratorResponse generate(CodeGeneratorRequest request) {
    CodeGeneratorResponse.Builder response =
        CodeGeneratorResponse.newBuilder()
            .setSupportedFeatures(
                CodeGeneratorResponse.Feature.FEATURE_PROTO3_OPTIONAL.getNumber());
    try {
      String pkg = packageParameter(request.getParameter());
      Set<String> toGenerate = new HashSet<>(request.getFileToGenerateList());
      List<String> problems = new ArrayList<>();
      List<JavaFile> files = new ArrayList<>();
      for (FileDescriptor file : descriptors(request.getProtoFileList())) {
        if (!toGenerate.contains(file.getName())) {
          continue;
        }
        for (ServiceDescriptor service : file.getServices()) {
          if (service.getMethods().stream().noneMatch(HttpBinding::declared)) {
            continue;
          }
          List<HttpBinding> bindings = new ArrayList<>();
          for (MethodDescriptor m : service.getMethods()) {
            HttpBinding b = HttpBinding.read(m, problems::add);
            if (b != null) {
              bindings.add(b);
            }
          }
          String target = pkg != null ? pkg : JavaNames.javaPackage(file) + ".client";
          files.add(ClientGenerator.generate(service, bindings, target));
        }
      }
      if (!problems.isEmpty()) {
        throw new BindingException(problems);
      }
      for (JavaFile f : files) {
        String path = f.packageName().replace('.', '/') + "/" + f.typeSpec().name() + ".java";
        response.addFile(
            CodeGeneratorResponse.File.newBuilder().setName(path).setContent(f.toString()));
      }
    } catch (BindingException e) {
      response.setError(e.getMessage());
    }
    return response.build();
  }

  private static String packageParameter(String parameter) throws BindingException {
    String pkg = null;
    for (String kv : parameter.split(",")) {
      if (kv.isBlank()) {
        continue;
      }
      String[] p = kv.strip().split("=", 2);
      if (p.length == 2
          && p[0].equals("package")
          && p[1].matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
        pkg = p[1];
      } else {
        throw new BindingException(
            List.of(
                "trestle-sdk-plugin: unknown parameter \""
                    + kv
                    + "\" (expected package=<java package>)"));
      }
    }
    return pkg;
  }

  private static List<FileDescriptor> descriptors(List<FileDescriptorProto> protos)
      throws BindingException {
    Map<String, FileDescriptor> byName = new HashMap<>();
    List<FileDescriptor> out = new ArrayList<>();
    for (FileDescriptorProto p : protos) {
      FileDescriptor[] deps = new FileDescriptor[p.getDependencyCount()];
      for (int i = 0; i < deps.length; i++) {
        deps[i] = byName.get(p.getDependency(i));
        if (deps[i] == null) {
          throw new BindingException(
              List.of(
                  p.getName() + ":1: dependency " + p.getDependency(i) + " not in the request"));
        }
      }
      try {
        FileDescriptor f = FileDescriptor.buildFrom(p, deps);
        byName.put(p.getName(), f);
        out.add(f);
      } catch (DescriptorValidationException e) {
        throw new BindingException(List.of(p.getName() + ":1: " + e.getMessage()));
      }
    }
    return out;
  }
}
