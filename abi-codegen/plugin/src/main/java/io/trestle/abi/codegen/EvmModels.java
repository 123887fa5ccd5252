package io.trestle.abi.codegen;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.List;

/** EVM contract declarations: events, and services whose rpc methods are contract functions. */
final class EvmModels {
  private EvmModels() {}

  /**
   * An event. {@code record} holds the Java record's components: indexed parameters of dynamic type
   * (bytes, string, arrays, tuples) appear as their 32-byte topic, keccak256 of their encoding.
   *
   * @param name Solidity event name
   * @param params parameters with their declared types (for the signature and Solidity)
   */
  record Event(String name, StructModel record, List<FieldModel> params, Descriptor descriptor) {
    String signature() {
      return name
          + "("
          + String.join(",", params.stream().map(f -> f.type().canonical()).toList())
          + ")";
    }
  }

  /**
   * A custom error: revert data is the 4-byte selector of {@link #signature()}, then abi.encode of
   * the parameters ({@code record}'s components, none indexed).
   */
  record Error(String name, StructModel record, Descriptor descriptor) {
    String signature() {
      return name
          + "("
          + String.join(",", record.fields().stream().map(f -> f.type().canonical()).toList())
          + ")";
    }
  }

  /**
   * A contract function; {@code input} / {@code output} are null when there are no parameters /
   * return values.
   */
  record Function(
      String name,
      String mutability,
      StructModel input,
      StructModel output,
      MethodDescriptor descriptor) {
    String signature() {
      List<FieldModel> in = input == null ? List.of() : input.fields();
      return name
          + "("
          + String.join(",", in.stream().map(f -> f.type().canonical()).toList())
          + ")";
    }
  }

  /** A contract (proto service) with at least one function. */
  record Contract(
      String name, String javaPackage, List<Function> functions, ServiceDescriptor descriptor) {}
}
