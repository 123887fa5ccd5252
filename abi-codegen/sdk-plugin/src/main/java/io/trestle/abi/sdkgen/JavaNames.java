package io.trestle.abi.sdkgen;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.List;

/**
 * Names that protoc's Java generator gives to messages, enums and accessors (its rules in
 * java/names.cc and java/helpers.cc), so that generated clients call the protobuf-java classes.
 */
final class JavaNames {
  private JavaNames() {}

  /** The protobuf-java class of a message. */
  static ClassName of(Descriptor message) {
    List<String> nested = new ArrayList<>();
    for (Descriptor d = message; d != null; d = d.getContainingType()) {
      nested.addFirst(d.getName());
    }
    return in(message.getFile(), nested);
  }

  /** The protobuf-java class of an enum. */
  static ClassName of(EnumDescriptor e) {
    List<String> nested = new ArrayList<>();
    nested.add(e.getName());
    for (Descriptor d = e.getContainingType(); d != null; d = d.getContainingType()) {
      nested.addFirst(d.getName());
    }
    return in(e.getFile(), nested);
  }

  private static ClassName in(FileDescriptor file, List<String> nested) {
    String pkg = javaPackage(file);
    List<String> names = new ArrayList<>(nested);
    if (!file.getOptions().getJavaMultipleFiles()) {
      names.addFirst(outerClass(file));
    }
    return ClassName.get(
        pkg, names.getFirst(), names.subList(1, names.size()).toArray(String[]::new));
  }

  static String javaPackage(FileDescriptor file) {
    return file.getOptions().hasJavaPackage()
        ? file.getOptions().getJavaPackage()
        : file.getPackage();
  }

  /** java_outer_classname, or the file name in CamelCase (+ "OuterClass" on a clash). */
  static String outerClass(FileDescriptor file) {
    if (file.getOptions().hasJavaOuterClassname()) {
      return file.getOptions().getJavaOuterClassname();
    }
    String base = file.getName().substring(file.getName().lastIndexOf('/') + 1);
    if (base.endsWith(".proto")) {
      base = base.substring(0, base.length() - ".proto".length());
    }
    String name = camel(base, true);
    boolean clash =
        file.getMessageTypes().stream().anyMatch(m -> m.getName().equals(name))
            || file.getEnumTypes().stream().anyMatch(e -> e.getName().equals(name))
            || file.getServices().stream().anyMatch(s -> s.getName().equals(name));
    return clash ? name + "OuterClass" : name;
  }

  /** The accessor stem of a field: {@code source_chain} → {@code SourceChain}. */
  static String accessor(FieldDescriptor field) {
    return camel(field.getName(), true);
  }

  /** A method name from an rpc name: {@code GetMessage} → {@code getMessage}. */
  static String method(String rpc) {
    return Character.toLowerCase(rpc.charAt(0)) + rpc.substring(1);
  }

  /**
   * protoc's UnderscoresToCamelCase: drops non-alphanumerics, upper-cases the letter after one and
   * after a digit.
   */
  private static String camel(String s, boolean capitalizeFirst) {
    StringBuilder out = new StringBuilder();
    boolean upper = capitalizeFirst;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else if (c >= 'A' && c <= 'Z') {
        out.append(i == 0 && !capitalizeFirst ? Character.toLowerCase(c) : c);
        upper = false;
      } else if (c >= '0' && c <= '9') {
        out.append(c);
        upper = true;
      } else {
        upper = true;
      }
    }
    return out.toString();
  }
}
