package io.trestle.abi.codegen;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.trestle.proto.abi.v1.FunctionOptions;
import io.trestle.proto.abi.v1.Options;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The EVM side of a {@link Schema}: events ({@code (trestle.abi.v1.event)} messages) and contracts
 * (services with {@code (trestle.abi.v1.function)} methods), with the parameter tuples they need.
 * Problems are reported to the owning schema, which fails the build with all of them at once.
 */
final class EvmDeclarations {
  private final Schema schema;
  private final Map<String, StructModel> tuples = new LinkedHashMap<>();
  private final List<EvmModels.Event> events = new ArrayList<>();
  private final List<EvmModels.Contract> contracts = new ArrayList<>();
  private final List<EvmModels.Error> errors = new ArrayList<>();

  EvmDeclarations(Schema schema) {
    this.schema = schema;
  }

  List<StructModel> tuples() {
    return List.copyOf(tuples.values());
  }

  List<EvmModels.Event> events() {
    return List.copyOf(events);
  }

  List<EvmModels.Contract> contracts() {
    return List.copyOf(contracts);
  }

  List<EvmModels.Error> errors() {
    return List.copyOf(errors);
  }

  void declareError(Descriptor m) {
    String where = Locations.of(m);
    if (schema.struct(m) != null || m.getOptions().hasExtension(Options.event)) {
      schema.problem(
          where,
          m.getName() + " is an error and also an ABI struct or event; declare separate messages");
      return;
    }
    if (Schema.javaPackage(m.getFile()).isEmpty()) {
      schema.problem(
          where,
          "error " + m.getName() + " is in a file without option (trestle.abi.v1.java_package)");
    }
    String name = m.getOptions().getExtension(Options.error).getName();
    name = name.isEmpty() ? m.getName() : name;
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      schema.problem(where, "error name \"" + name + "\" is not a valid identifier");
    }
    for (EvmModels.Error other : errors) {
      if (other.name().equals(name) && other.descriptor().getFile() == m.getFile()) {
        schema.problem(
            where,
            "error "
                + name
                + " is also declared by "
                + other.descriptor().getName()
                + "; Solidity errors cannot be overloaded");
      }
    }
    StructModel record = new StructModel(m.getName(), Schema.javaPackage(m.getFile()), "", m);
    record.setFields(schema.fields(m, false));
    errors.add(new EvmModels.Error(name, record, m));
  }

  void declareEvent(Descriptor m) {
    String where = Locations.of(m);
    if (schema.struct(m) != null) {
      schema.problem(
          where, m.getName() + " is both an ABI struct and an event; declare two messages");
      return;
    }
    if (Schema.javaPackage(m.getFile()).isEmpty()) {
      schema.problem(
          where,
          "event " + m.getName() + " is in a file without option (trestle.abi.v1.java_package)");
    }
    String name = m.getOptions().getExtension(Options.event).getName();
    name = name.isEmpty() ? m.getName() : name;
    List<FieldModel> params = schema.fields(m, true);
    List<FieldModel> components = new ArrayList<>();
    int indexed = 0;
    for (FieldModel f : params) {
      if (f.indexed()) {
        indexed++;
        AbiType t =
            f.type().dynamic()
                    || f.type() instanceof AbiType.Struct
                    || f.type() instanceof AbiType.Array
                ? AbiType.Word.fixedBytes(32)
                : f.type();
        components.add(new FieldModel(f.name(), t, true, f.descriptor()));
      } else {
        components.add(f);
      }
    }
    if (indexed > 3) {
      schema.problem(
          where,
          "event " + name + " has " + indexed + " indexed parameters; at most 3 fit in topics");
    }
    StructModel record = new StructModel(m.getName(), Schema.javaPackage(m.getFile()), "", m);
    record.setFields(components);
    events.add(new EvmModels.Event(name, record, params, m));
  }

  void declareContract(ServiceDescriptor sd) {
    List<EvmModels.Function> fns = new ArrayList<>();
    for (MethodDescriptor md : sd.getMethods()) {
      if (!md.getOptions().hasExtension(Options.function)) {
        continue;
      }
      String where = Locations.of(md);
      FunctionOptions o = md.getOptions().getExtension(Options.function);
      String name =
          o.getName().isEmpty()
              ? Character.toLowerCase(md.getName().charAt(0)) + md.getName().substring(1)
              : o.getName();
      String mutability = o.getMutability().isEmpty() ? "nonpayable" : o.getMutability();
      if (!Set.of("view", "pure", "nonpayable", "payable").contains(mutability)) {
        schema.problem(
            where,
            "function "
                + name
                + ": mutability \""
                + mutability
                + "\" is not one of view, pure, nonpayable, payable");
      }
      if (md.isClientStreaming() || md.isServerStreaming()) {
        schema.problem(where, "function " + name + ": streaming methods have no EVM equivalent");
      }
      fns.add(
          new EvmModels.Function(
              name, mutability, tuple(md.getInputType()), tuple(md.getOutputType()), md));
    }
    if (!fns.isEmpty()) {
      String pkg = Schema.javaPackage(sd.getFile());
      if (pkg.isEmpty()) {
        schema.problem(
            Locations.of(fns.get(0).descriptor()),
            "contract "
                + sd.getName()
                + " is in a file without option (trestle.abi.v1.java_package)");
      }
      contracts.add(new EvmModels.Contract(sd.getName(), pkg, fns, sd));
    }
  }

  /** The ABI tuple of a request/response message; null when it has no fields. */
  private StructModel tuple(Descriptor m) {
    if (m.getFields().isEmpty()) {
      return null;
    }
    StructModel s = schema.struct(m);
    if (s != null) {
      return s;
    }
    StructModel t = tuples.get(m.getFullName());
    if (t == null) {
      t = new StructModel(m.getName(), Schema.javaPackage(m.getFile()), "", m);
      tuples.put(m.getFullName(), t);
      t.setFields(schema.fields(m, false));
    }
    return t;
  }
}
