package io.trestle.abi.codegen;

import com.google.protobuf.Descriptors.Descriptor;
import java.util.List;

/**
 * An ABI tuple declared by a proto message: a {@code (trestle.abi.v1.struct)}, or the parameter
 * list of an event or function. Fields are set once, after every struct name is known, so that
 * structs may refer to each other in any order.
 */
final class StructModel {
  private final String name;
  private final String javaPackage;
  private final String domainTag;
  private final Descriptor descriptor;
  private List<FieldModel> fields = List.of();

  StructModel(String name, String javaPackage, String domainTag, Descriptor descriptor) {
    this.name = name;
    this.javaPackage = javaPackage;
    this.domainTag = domainTag;
    this.descriptor = descriptor;
  }

  /** Solidity struct name, also the Java record name. */
  String name() {
    return name;
  }

  String javaPackage() {
    return javaPackage;
  }

  /** Purpose tag of hash(); empty when the struct is never hashed on its own. */
  String domainTag() {
    return domainTag;
  }

  Descriptor descriptor() {
    return descriptor;
  }

  /** Components in field-number order. */
  List<FieldModel> fields() {
    return fields;
  }

  void setFields(List<FieldModel> fields) {
    this.fields = List.copyOf(fields);
  }

  AbiType.Struct type() {
    return new AbiType.Struct(this);
  }
}
