package io.trestle.abi.codegen;

import java.util.List;

/**
 * The .proto files declare something the plugin cannot generate. The message holds one line per
 * problem, each {@code file.proto:line: what is wrong}; protoc prints it and fails.
 */
final class SchemaException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  SchemaException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** One {@code file:line: message} line per problem, in declaration order. */
  List<String> problems() {
    return problems;
  }
}
