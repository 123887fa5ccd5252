package io.trestle.abi.conformance;

import java.util.ArrayList;
import java.util.List;

/** Test-side parser of canonical ABI type strings such as {@code (uint64,(bytes,address)[2])[]}. */
final class AbiTypes {
  private AbiTypes() {}

  /** A parsed type: an elementary name, a tuple, or an array (length -1 for T[]). */
  sealed interface Node {
    boolean dynamic();

    /** Canonical type string. */
    default String canonical() {
      return switch (this) {
        case Elem e -> e.name();
        case Tuple t ->
            "(" + String.join(",", t.components().stream().map(Node::canonical).toList()) + ")";
        case Arr a -> a.element().canonical() + "[" + (a.length() < 0 ? "" : a.length()) + "]";
      };
    }
  }

  record Elem(String name) implements Node {
    @Override
    public boolean dynamic() {
      return name.equals("bytes") || name.equals("string");
    }

    int bits() {
      return Integer.parseInt(name.replaceAll("[a-z]", ""));
    }
  }

  record Tuple(List<Node> components) implements Node {
    @Override
    public boolean dynamic() {
      return components.stream().anyMatch(Node::dynamic);
    }
  }

  record Arr(Node element, int length) implements Node {
    @Override
    public boolean dynamic() {
      return length < 0 || element.dynamic();
    }
  }

  static Node parse(String s) {
    int[] pos = {0};
    Node n = parse(s, pos);
    if (pos[0] != s.length()) {
      throw new IllegalArgumentException("trailing text in " + s);
    }
    return n;
  }

  private static Node parse(String s, int[] pos) {
    Node base;
    if (s.charAt(pos[0]) == '(') {
      pos[0]++;
      List<Node> cs = new ArrayList<>();
      while (true) {
        cs.add(parse(s, pos));
        char c = s.charAt(pos[0]++);
        if (c == ')') {
          break;
        }
      }
      base = new Tuple(cs);
    } else {
      int start = pos[0];
      while (pos[0] < s.length() && Character.isLetterOrDigit(s.charAt(pos[0]))) {
        pos[0]++;
      }
      base = new Elem(s.substring(start, pos[0]));
    }
    while (pos[0] < s.length() && s.charAt(pos[0]) == '[') {
      int close = s.indexOf(']', pos[0]);
      String k = s.substring(pos[0] + 1, close);
      base = new Arr(base, k.isEmpty() ? -1 : Integer.parseInt(k));
      pos[0] = close + 1;
    }
    return base;
  }
}
