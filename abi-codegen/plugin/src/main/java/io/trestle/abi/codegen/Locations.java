package io.trestle.abi.codegen;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a descriptor into {@code file.proto:line} using the request's SourceCodeInfo
 * (descriptor.proto, "SourceCodeInfo.Location.path": field numbers and indexes from the
 * FileDescriptorProto down).
 */
final class Locations {
  private static final int FILE_MESSAGE = FileDescriptorProto.MESSAGE_TYPE_FIELD_NUMBER;
  private static final int FILE_ENUM = FileDescriptorProto.ENUM_TYPE_FIELD_NUMBER;
  private static final int FILE_SERVICE = FileDescriptorProto.SERVICE_FIELD_NUMBER;
  private static final int FILE_OPTIONS = FileDescriptorProto.OPTIONS_FIELD_NUMBER;
  private static final int NESTED_MESSAGE = DescriptorProto.NESTED_TYPE_FIELD_NUMBER;
  private static final int NESTED_ENUM = DescriptorProto.ENUM_TYPE_FIELD_NUMBER;
  private static final int MESSAGE_FIELD = DescriptorProto.FIELD_FIELD_NUMBER;
  private static final int SERVICE_METHOD = 2;

  private Locations() {}

  static String of(Descriptor message) {
    return at(message.getFile(), path(message));
  }

  static String of(FieldDescriptor field) {
    List<Integer> p = path(field.getContainingType());
    p.add(MESSAGE_FIELD);
    p.add(field.getIndex());
    return at(field.getFile(), p);
  }

  static String of(EnumDescriptor e) {
    List<Integer> p;
    if (e.getContainingType() == null) {
      p = new ArrayList<>(List.of(FILE_ENUM));
    } else {
      p = path(e.getContainingType());
      p.add(NESTED_ENUM);
    }
    p.add(e.getIndex());
    return at(e.getFile(), p);
  }

  static String of(MethodDescriptor m) {
    return at(
        m.getFile(),
        new ArrayList<>(
            List.of(FILE_SERVICE, m.getService().getIndex(), SERVICE_METHOD, m.getIndex())));
  }

  /** The file's options block (where file-level options such as chains are declared). */
  static String ofFileOptions(FileDescriptor file) {
    return at(file, new ArrayList<>(List.of(FILE_OPTIONS)));
  }

  /** The {@code index}-th {@code (trestle.abi.v1.chain)} file option. */
  static String ofChain(FileDescriptor file, int index) {
    int field = io.trestle.proto.abi.v1.Options.chain.getDescriptor().getNumber();
    return at(file, new ArrayList<>(List.of(FILE_OPTIONS, field, index)));
  }

  private static List<Integer> path(Descriptor message) {
    List<Integer> p;
    if (message.getContainingType() == null) {
      p = new ArrayList<>(List.of(FILE_MESSAGE));
    } else {
      p = path(message.getContainingType());
      p.add(NESTED_MESSAGE);
    }
    p.add(message.getIndex());
    return p;
  }

  private static String at(FileDescriptor file, List<Integer> path) {
    SourceCodeInfo info = file.toProto().getSourceCodeInfo();
    for (SourceCodeInfo.Location loc : info.getLocationList()) {
      if (loc.getPathList().equals(path)) {
        return file.getName() + ":" + (loc.getSpan(0) + 1);
      }
    }
    // Fall back to the closest enclosing element that has a location.
    if (path.size() > 1) {
      return at(file, path.subList(0, path.size() - 1));
    }
    return file.getName() + ":1";
  }
}
