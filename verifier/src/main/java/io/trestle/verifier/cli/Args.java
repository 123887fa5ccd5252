package io.trestle.verifier.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed command-line arguments: positionals and {@code --name value} / {@code --name=value}
 * options, each option at most once, only from an allowed set.
 */
record Args(List<String> positionals, Map<String, String> options) {

  static Args parse(List<String> args, Set<String> allowed) throws BadInputException {
    List<String> positionals = new ArrayList<>();
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith("--")) {
        String name = a.substring(2);
        String value;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        } else if (i + 1 < args.size()) {
          value = args.get(++i);
        } else {
          throw new BadInputException("option --" + name + " needs a value");
        }
        if (!allowed.contains(name)) {
          throw new BadInputException("unknown option --" + name);
        }
        if (options.put(name, value) != null) {
          throw new BadInputException("option --" + name + " given twice");
        }
      } else {
        positionals.add(a);
      }
    }
    return new Args(List.copyOf(positionals), Map.copyOf(options));
  }

  String required(String name) throws BadInputException {
    String v = options.get(name);
    if (v == null) {
      throw new BadInputException("missing option --" + name);
    }
    return v;
  }

  void expectPositionals(int n, String usage) throws BadInputException {
    if (positionals.size() != n) {
      throw new BadInputException("usage: " + usage);
    }
  }

  /** Decodes hex with an optional 0x prefix; {@code what} names the value in the error. */
  static byte[] hex(String s, String what) throws BadInputException {
    String t = s.strip();
    if (t.startsWith("0x") || t.startsWith("0X")) {
      t = t.substring(2);
    }
    byte[] b = Hex.decodeOrNull(t);
    if (b == null) {
      throw new BadInputException(what + " is not hex (an even number of 0-9a-f digits)");
    }
    return b;
  }
}
