package io.trestle.abi.sdkgen;

import java.util.List;

/**
 * The .proto files declare an HTTP binding the plugin cannot generate. The message holds one line
 * per problem, each {@code file.proto:line: what is wrong}; protoc prints it and fails.
 */
final class BindingException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  BindingException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** One {@code file:line: message} line per problem, in declaration order. */
  List<String> problems() {
    return problems;
  }
}
