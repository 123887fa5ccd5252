package io.trestle.abi.sdkgen;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import io.trestle.proto.api.v1.Http;
import io.trestle.proto.api.v1.HttpRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * How one rpc is served over HTTP, read from its {@code (trestle.api.v1.http)} option and checked
 * against the rules of {@code trestle/api/v1/http.proto}: a GET or POST path template whose {@code
 * {field}} segments bind scalar request fields; every other request field is a query parameter of a
 * GET or a member of a POST's JSON body.
 *
 * @param method the rpc
 * @param verb GET or POST
 * @param template the path template as declared
 * @param path the template's parts in order
 * @param fields the request fields not in the path (query parameters of a GET, JSON body members of
 *     a POST), in field-number order
 */
record HttpBinding(
    MethodDescriptor method,
    Verb verb,
    String template,
    List<Part> path,
    List<FieldDescriptor> fields) {

  /** The HTTP method. */
  enum Verb {
    GET,
    POST
  }

  /** A piece of the path template. */
  sealed interface Part {
    /** Text copied as is (already URL-safe). */
    record Literal(String text) implements Part {}

    /** A whole path segment taken from a request field. */
    record Param(FieldDescriptor field) implements Part {}
  }

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");
  private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

  /** Whether the method declares an HTTP binding at all. */
  static boolean declared(MethodDescriptor m) {
    return m.getOptions().hasExtension(Http.http);
  }

  /** A server-streaming rpc: served as Server-Sent Events. */
  boolean streaming() {
    return method.isServerStreaming();
  }

  /**
   * Reads and checks the binding of {@code m}; each problem goes to {@code problems} as {@code
   * file:line: what is wrong}, and the result is null if there was any.
   */
  static HttpBinding read(MethodDescriptor m, Consumer<String> problems) {
    String where = Locations.of(m) + ": rpc " + m.getName() + ": ";
    List<String> found = new ArrayList<>();
    if (!declared(m)) {
      found.add(
          "has no (trestle.api.v1.http) option; every rpc of a service with HTTP bindings needs"
              + " one");
    } else if (m.isClientStreaming()) {
      found.add("client streaming cannot be served over HTTP");
    }
    HttpRule rule = m.getOptions().getExtension(Http.http);
    Verb verb = rule.hasPost() ? Verb.POST : Verb.GET;
    String template = rule.hasPost() ? rule.getPost() : rule.getGet();
    if (verb == Verb.POST && m.isServerStreaming()) {
      found.add("a POST cannot be server-streaming (Server-Sent Events are served to GETs)");
    }
    List<Part> parts = new ArrayList<>();
    Set<String> bound = new HashSet<>();
    if (declared(m)) {
      parseTemplate(verb, template, m.getInputType(), parts, bound, found);
    }
    List<FieldDescriptor> fields = new ArrayList<>();
    for (FieldDescriptor f : m.getInputType().getFields()) {
      if (bound.contains(f.getName())) {
        continue;
      }
      String why = unsupported(f, false);
      if (why != null) {
        found.add(
            "field "
                + f.getName()
                + " of "
                + m.getInputType().getName()
                + (verb == Verb.GET
                    ? " cannot be a query parameter: "
                    : " cannot be a body member: ")
                + why);
      } else {
        fields.add(f);
      }
    }
    found.forEach(p -> problems.accept(where + p));
    return found.isEmpty()
        ? new HttpBinding(m, verb, template, List.copyOf(parts), List.copyOf(fields))
        : null;
  }

  private static void parseTemplate(
      Verb verb,
      String template,
      Descriptor input,
      List<Part> parts,
      Set<String> bound,
      List<String> found) {
    if (template.isEmpty()) {
      found.add(
          "(trestle.api.v1.http)."
              + verb.name().toLowerCase(java.util.Locale.ROOT)
              + " is empty; give the path template, e.g. \"/v1/things\"");
      return;
    }
    if (!template.startsWith("/")) {
      found.add("path \"" + template + "\" must start with /");
      return;
    }
    StringBuilder literal = new StringBuilder();
    String[] segments = template.substring(1).split("/", -1);
    for (String segment : segments) {
      literal.append('/');
      var field = FIELD.matcher(segment);
      if (field.matches()) {
        String name = field.group(1);
        FieldDescriptor f = input.findFieldByName(name);
        if (f == null) {
          found.add("path parameter {" + name + "} names no field of " + input.getName());
        } else if (!bound.add(name)) {
          found.add("path parameter {" + name + "} appears twice");
        } else if (unsupported(f, true) != null) {
          found.add("path parameter {" + name + "}: " + unsupported(f, true));
        } else {
          parts.add(new Part.Literal(literal.toString()));
          literal.setLength(0);
          parts.add(new Part.Param(f));
        }
      } else if (segment.contains("{") || segment.contains("}")) {
        found.add(
            "path segment \""
                + segment
                + "\" of \""
                + template
                + "\": a parameter must be a whole segment {field_name}");
      } else if (!SEGMENT.matcher(segment).matches()) {
        found.add(
            "path segment \""
                + segment
                + "\" of \""
                + template
                + "\" must be non-empty and use only letters, digits and . _ ~ -");
      } else {
        literal.append(segment);
      }
    }
    if (!literal.isEmpty()) {
      parts.add(new Part.Literal(literal.toString()));
    }
  }

  /** Why {@code f} cannot be a path or query parameter, or null if it can. */
  private static String unsupported(FieldDescriptor f, boolean inPath) {
    if (f.isRepeated()) {
      return "repeated fields are not supported";
    }
    if (f.getRealContainingOneof() != null) {
      return "oneof members are not supported";
    }
    switch (f.getJavaType()) {
      case MESSAGE -> {
        return "message-typed fields are not supported";
      }
      case BYTE_STRING -> {
        return "bytes fields are not supported (use a 0x-hex string)";
      }
      case FLOAT, DOUBLE -> {
        return "floating-point fields are not supported";
      }
      case ENUM -> {
        if (inPath) {
          return "an enum cannot be a path parameter";
        }
      }
      default -> {}
    }
    if (inPath && f.hasPresence()) {
      return "a path parameter is always sent, so it must not be optional";
    }
    return null;
  }
}
