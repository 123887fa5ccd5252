package io.trestle.abi.codegen;

/** Case conversions between protobuf's naming style and Java's and Solidity's. */
final class Names {
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
