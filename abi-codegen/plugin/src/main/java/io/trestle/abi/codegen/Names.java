package io.trestle.abi.codegen;

import java.util.Set;

/** Case conversions between protobuf's naming style and Java's and Solidity's, reserved names. */
final class Names {
  /** Member names the generated records declare themselves. */
  static final Set<String> RESERVED =
      Set.of(
          "encode",
          "decode",
          "hash",
          "tupleSize",
          "writeTuple",
          "readTuple",
          "equals",
          "hashCode",
          "toString",
          "getClass",
          "notify",
          "notifyAll",
          "wait",
          "clone",
          "finalize",
          "topic0",
          "decodeLog",
          "encodeCallData",
          "decodeResponse",
          "in",
          "out",
          "pos",
          "tail",
          "size",
          "buf",
          "abi",
          "value",
          "other",
          "o",
          "h",
          "e",
          "i",
          "n",
          "base",
          "list",
          "matches",
          "dataSize",
          "writeData",
          "end");

  private Names() {}

  /** lower_snake_case to lowerCamelCase. */
  static String camel(String snake) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        up = sb.length() > 0;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }

  /** UpperCamelCase to UPPER_SNAKE_CASE, as protobuf's style guide prefixes enum values. */
  static String upperSnake(String camel) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        sb.append('_');
      }
      sb.append(Character.toUpperCase(c));
    }
    return sb.toString();
  }
}
