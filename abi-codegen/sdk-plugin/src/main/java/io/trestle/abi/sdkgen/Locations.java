package io.trestle.abi.sdkgen;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.List;
import java.util.Optional;

/**
 * Source positions and comments of services and methods, from the request's SourceCodeInfo
 * (descriptor.proto, "SourceCodeInfo.Location.path": field numbers and indexes from the
 * FileDescriptorProto down).
 */
final class Locations {
  private static final int FILE_SERVICE = FileDescriptorProto.SERVICE_FIELD_NUMBER;
  private static final int SERVICE_METHOD = ServiceDescriptorProto.METHOD_FIELD_NUMBER;

  private Locations() {}

  /** {@code file.proto:line} of the method's declaration. */
  static String of(MethodDescriptor m) {
    return at(m.getFile(), path(m));
  }

  /** {@code file.proto:line} of the service's declaration. */
  static String of(ServiceDescriptor s) {
    return at(s.getFile(), List.of(FILE_SERVICE, s.getIndex()));
  }

  /** The comment above the method, trimmed; empty when there is none. */
  static String comment(MethodDescriptor m) {
    return comment(m.getFile(), path(m));
  }

  /** The comment above the service, trimmed; empty when there is none. */
  static String comment(ServiceDescriptor s) {
    return comment(s.getFile(), List.of(FILE_SERVICE, s.getIndex()));
  }

  private static List<Integer> path(MethodDescriptor m) {
    return List.of(FILE_SERVICE, m.getService().getIndex(), SERVICE_METHOD, m.getIndex());
  }

  private static String comment(FileDescriptor file, List<Integer> path) {
    return find(file, path)
        .map(SourceCodeInfo.Location::getLeadingComments)
        .map(String::strip)
        .map(c -> c.lines().map(String::strip).reduce((a, b) -> a + "\n" + b).orElse(""))
        .orElse("");
  }

  private static String at(FileDescriptor file, List<Integer> path) {
    return file.getName() + ":" + find(file, path).map(loc -> loc.getSpan(0) + 1).orElse(1);
  }

  private static Optional<SourceCodeInfo.Location> find(FileDescriptor file, List<Integer> path) {
    for (SourceCodeInfo.Location loc : file.toProto().getSourceCodeInfo().getLocationList()) {
      if (loc.getPathList().equals(path)) {
        return Optional.of(loc);
      }
    }
    return Optional.empty();
  }
}
