package io.trestle.abi.codegen;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.trestle.proto.abi.v1.ChainOptions;
import io.trestle.proto.abi.v1.FieldOptions;
import io.trestle.proto.abi.v1.Options;
import io.trestle.proto.abi.v1.StructOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * The ABI view of a set of proto files: structs, the enums they use, events and functions, with
 * every declaration checked. Problems are collected (not thrown one by one) so that protoc reports
 * all of them at once, each as {@code file.proto:line: what is wrong}.
 */
final class Schema {
  private static final Pattern TYPE =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)((?:\\[[^\\]]*\\])*)");
  private static final Pattern INT = Pattern.compile("(u?)int([0-9]+)");
  private static final Pattern BYTES_N = Pattern.compile("bytes([0-9]+)");

  private final Map<String, StructModel> structs = new LinkedHashMap<>();
  private final Map<String, EnumModel> enums = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private final EvmDeclarations evm = new EvmDeclarations(this);
  private final Map<String, List<ChainOptions>> chains = new LinkedHashMap<>();

  private Schema() {}

  /**
   * Builds the schema of {@code files} (all files of the request, dependencies first).
   *
   * @throws SchemaException listing every problem found
   */
  static Schema build(List<FileDescriptor> files) throws SchemaException {
    Schema s = new Schema();
    Map<String, String> chainPackages = new LinkedHashMap<>();
    for (FileDescriptor f : files) {
      for (Descriptor m : allMessages(f)) {
        if (m.getOptions().hasExtension(Options.struct)) {
          s.declareStruct(m);
        }
      }
    }
    for (StructModel st : s.structs.values()) {
      st.setFields(s.fields(st.descriptor(), false));
    }
    s.checkCycles();
    for (FileDescriptor f : files) {
      for (Descriptor m : allMessages(f)) {
        if (m.getOptions().hasExtension(Options.event)) {
          s.evm.declareEvent(m);
        }
        if (m.getOptions().hasExtension(Options.error)) {
          s.evm.declareError(m);
        }
      }
      for (ServiceDescriptor sd : f.getServices()) {
        s.evm.declareContract(sd);
      }
      List<ChainOptions> declared = ChainsGenerator.chains(f, s);
      s.chains.put(f.getName(), declared);
      if (!declared.isEmpty()) {
        String prev = chainPackages.putIfAbsent(javaPackage(f), f.getName());
        if (prev != null) {
          s.problem(
              Locations.ofFileOptions(f),
              "chains are also declared in "
                  + prev
                  + " for the same java_package; declare all chains of a package in one file");
        }
      }
    }
    s.checkNames();
    if (!s.problems.isEmpty()) {
      throw new SchemaException(s.problems);
    }
    return s;
  }

  /** Structs in declaration order (files in request order). */
  List<StructModel> structs() {
    return List.copyOf(structs.values());
  }

  /** Enums used by struct fields, in first-use order. */
  List<EnumModel> enums() {
    return List.copyOf(enums.values());
  }

  /** Parameter and return tuples of functions that are not ABI structs themselves. */
  List<StructModel> tuples() {
    return evm.tuples();
  }

  /** Chains declared by {@code file}'s options (checked). */
  List<ChainOptions> chains(FileDescriptor file) {
    return chains.getOrDefault(file.getName(), List.of());
  }

  List<EvmModels.Event> events() {
    return evm.events();
  }

  List<EvmModels.Contract> contracts() {
    return evm.contracts();
  }

  List<EvmModels.Error> errors() {
    return evm.errors();
  }

  StructModel struct(Descriptor message) {
    return structs.get(message.getFullName());
  }

  /** Java package for the generated code of a file, or empty when the option is absent. */
  static String javaPackage(FileDescriptor file) {
    return file.getOptions().getExtension(Options.javaPackage);
  }

  /** Adds a problem at {@code location}. */
  void problem(String location, String message) {
    problems.add(location + ": " + message);
  }

  List<String> problems() {
    return problems;
  }

  static List<Descriptor> allMessages(FileDescriptor f) {
    List<Descriptor> out = new ArrayList<>();
    for (Descriptor m : f.getMessageTypes()) {
      collect(m, out);
    }
    return out;
  }

  private static void collect(Descriptor m, List<Descriptor> out) {
    out.add(m);
    for (Descriptor n : m.getNestedTypes()) {
      collect(n, out);
    }
  }

  private void declareStruct(Descriptor m) {
    StructOptions o = m.getOptions().getExtension(Options.struct);
    String name = o.getName().isEmpty() ? m.getName() : o.getName();
    String pkg = javaPackage(m.getFile());
    if (pkg.isEmpty()) {
      problem(
          Locations.of(m),
          "ABI struct "
              + m.getName()
              + " is in a file without option (trestle.abi.v1.java_package)");
    }
    if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
      problem(Locations.of(m), "struct name \"" + name + "\" is not a valid identifier");
    }
    structs.put(m.getFullName(), new StructModel(name, pkg, o.getDomainTag(), m));
  }

  /**
   * ABI components of {@code m}: every field must carry {@code (trestle.abi.v1.field).type}.
   *
   * @param allowIndexed whether {@code indexed} is meaningful (events)
   */
  List<FieldModel> fields(Descriptor m, boolean allowIndexed) {
    List<FieldModel> out = new ArrayList<>();
    List<FieldDescriptor> byNumber = new ArrayList<>(m.getFields());
    byNumber.sort(Comparator.comparingInt(FieldDescriptor::getNumber));
    for (FieldDescriptor f : byNumber) {
      String where = Locations.of(f);
      if (!f.getOptions().hasExtension(Options.field)) {
        problem(
            where,
            "field "
                + f.getName()
                + " of "
                + m.getName()
                + " has no (trestle.abi.v1.field).type; every field of an ABI tuple needs one");
        continue;
      }
      if (f.getContainingOneof() != null) {
        problem(where, "field " + f.getName() + ": oneof and optional fields have no ABI encoding");
        continue;
      }
      if (f.isMapField()) {
        problem(where, "field " + f.getName() + ": map fields have no ABI encoding");
        continue;
      }
      FieldOptions fo = f.getOptions().getExtension(Options.field);
      if (fo.getIndexed() && !allowIndexed) {
        problem(where, "field " + f.getName() + ": indexed is only meaningful in an event");
      }
      String javaName = Names.camel(f.getName());
      if (Names.RESERVED.contains(javaName) || SourceVersion.isKeyword(javaName)) {
        problem(where, "field name " + f.getName() + " clashes with a generated member; rename it");
        continue;
      }
      AbiType t = parse(fo.getType().strip(), f, where);
      if (t != null) {
        out.add(new FieldModel(javaName, t, fo.getIndexed(), f));
      }
    }
    if (out.isEmpty() && problems.isEmpty() && !m.getFields().isEmpty()) {
      problem(Locations.of(m), m.getName() + " has no ABI fields");
    }
    return out;
  }

  private AbiType parse(String decl, FieldDescriptor f, String where) {
    Matcher mt = TYPE.matcher(decl);
    if (!mt.matches()) {
      problem(where, "field " + f.getName() + ": \"" + decl + "\" is not an ABI type");
      return null;
    }
    String suffix = mt.group(2);
    if (suffix.indexOf('[') != suffix.lastIndexOf('[')) {
      problem(
          where,
          "field "
              + f.getName()
              + ": nested arrays like "
              + decl
              + " are not supported (a repeated field carries one array level; wrap the inner"
              + " array in a struct)");
      return null;
    }
    int length = -1;
    if (!suffix.isEmpty()) {
      String k = suffix.substring(1, suffix.length() - 1);
      if (!k.isEmpty()) {
        if (!k.matches("[1-9][0-9]{0,5}")) {
          problem(where, "field " + f.getName() + ": array size [" + k + "] must be 1..999999");
          return null;
        }
        length = Integer.parseInt(k);
      }
      if (!f.isRepeated()) {
        problem(where, "field " + f.getName() + ": array type " + decl + " needs a repeated field");
        return null;
      }
    } else if (f.isRepeated()) {
      problem(where, "field " + f.getName() + ": repeated field needs an array type (T[] or T[k])");
      return null;
    }
    AbiType base = parseBase(mt.group(1), f, where);
    if (base == null) {
      return null;
    }
    return suffix.isEmpty() ? base : new AbiType.Array(base, length);
  }

  private AbiType parseBase(String name, FieldDescriptor f, String where) {
    JavaType carrier = f.getJavaType();
    String field = "field " + f.getName() + ": ";
    Matcher im = INT.matcher(name);
    Matcher bm = BYTES_N.matcher(name);
    if (name.equals("uint") || name.equals("int") || name.equals("byte")) {
      problem(
          where,
          field + "\"" + name + "\" is an alias; write the canonical type (e.g. uint256, bytes1)");
      return null;
    }
    if (im.matches()) {
      boolean signed = im.group(1).isEmpty();
      int bits = Integer.parseInt(im.group(2));
      if (bits < 8 || bits > 256 || bits % 8 != 0) {
        problem(where, field + name + ": integer width must be 8..256 in steps of 8");
        return null;
      }
      if (carrier == JavaType.ENUM) {
        return enumType(f, signed, bits, where);
      }
      boolean ok =
          bits > 64
              ? carrier == JavaType.BYTE_STRING
              : carrier == JavaType.LONG || bits <= 32 && carrier == JavaType.INT;
      if (!ok) {
        problem(
            where,
            field
                + name
                + " cannot be carried by proto type "
                + f.getType().name().toLowerCase(Locale.ROOT)
                + " (use "
                + (bits > 64 ? "bytes" : bits > 32 ? "uint64/int64" : "uint32/int32/uint64/int64")
                + ")");
        return null;
      }
      return signed ? new AbiType.Int(bits) : new AbiType.Uint(bits);
    }
    if (bm.matches()) {
      int n = Integer.parseInt(bm.group(1));
      if (n < 1 || n > 32) {
        problem(where, field + name + ": bytesN needs N = 1..32");
        return null;
      }
      return carrier(f, JavaType.BYTE_STRING, name, where) ? AbiType.Word.fixedBytes(n) : null;
    }
    return switch (name) {
      case "address" -> carrier(f, JavaType.BYTE_STRING, name, where) ? AbiType.Word.ADDRESS : null;
      case "bool" -> carrier(f, JavaType.BOOLEAN, name, where) ? AbiType.Word.BOOL : null;
      case "bytes" ->
          carrier(f, JavaType.BYTE_STRING, name, where) ? new AbiType.Dynamic(false) : null;
      case "string" -> carrier(f, JavaType.STRING, name, where) ? new AbiType.Dynamic(true) : null;
      default -> structType(name, f, where);
    };
  }

  private boolean carrier(FieldDescriptor f, JavaType want, String abi, String where) {
    if (f.getJavaType() != want) {
      problem(
          where,
          "field "
              + f.getName()
              + ": "
              + abi
              + " must be carried by a proto "
              + (want == JavaType.BYTE_STRING ? "bytes" : want.name().toLowerCase(Locale.ROOT))
              + " field");
      return false;
    }
    return true;
  }

  private AbiType structType(String name, FieldDescriptor f, String where) {
    if (f.getJavaType() != JavaType.MESSAGE) {
      problem(where, "field " + f.getName() + ": unknown ABI type \"" + name + "\"");
      return null;
    }
    StructModel target = structs.get(f.getMessageType().getFullName());
    if (target == null) {
      problem(
          where,
          "field "
              + f.getName()
              + ": message "
              + f.getMessageType().getFullName()
              + " is not an ABI struct (add option (trestle.abi.v1.struct))");
      return null;
    }
    if (!target.name().equals(name)) {
      problem(
          where,
          "field "
              + f.getName()
              + ": type \""
              + name
              + "\" does not match the field's message, ABI struct "
              + target.name());
      return null;
    }
    return target.type();
  }

  private AbiType enumType(FieldDescriptor f, boolean signed, int bits, String where) {
    EnumDescriptor e = f.getEnumType();
    if (signed || bits > 32) {
      problem(where, "field " + f.getName() + ": an enum is carried as uint8..uint32");
      return null;
    }
    for (EnumValueDescriptor v : e.getValues()) {
      if (v.getNumber() < 0 || bits < 32 && v.getNumber() >= 1L << bits) {
        problem(
            Locations.of(e),
            "enum " + e.getName() + ": value " + v.getName() + " does not fit uint" + bits);
        return null;
      }
    }
    EnumModel model =
        enums.computeIfAbsent(e.getFullName(), k -> EnumModel.of(e, javaPackage(e.getFile())));
    return new AbiType.Enum(model, bits);
  }

  private void checkCycles() {
    for (StructModel s : structs.values()) {
      if (reaches(s, s, new HashSet<>())) {
        problem(
            Locations.of(s.descriptor()),
            "struct " + s.name() + " contains itself; ABI tuples cannot be recursive");
      }
    }
  }

  private static boolean reaches(StructModel from, StructModel target, Set<StructModel> seen) {
    for (FieldModel f : from.fields()) {
      AbiType t = f.type() instanceof AbiType.Array a ? a.element() : f.type();
      if (t instanceof AbiType.Struct(StructModel m)) {
        if (m == target) {
          return true;
        }
        if (seen.add(m) && reaches(m, target, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  private void checkNames() {
    Map<String, String> seen = new LinkedHashMap<>();
    for (StructModel s : structs.values()) {
      String key = s.javaPackage() + "." + s.name();
      String prev = seen.putIfAbsent(key, s.descriptor().getFullName());
      if (prev != null) {
        problem(Locations.of(s.descriptor()), "struct name " + key + " is also used by " + prev);
      }
    }
    List<StructModel> others = new ArrayList<>(evm.tuples());
    evm.events().forEach(e -> others.add(e.record()));
    evm.errors().forEach(e -> others.add(e.record()));
    for (StructModel s : others) {
      String key = s.javaPackage() + "." + s.name();
      String prev = seen.putIfAbsent(key, s.descriptor().getFullName());
      if (prev != null) {
        problem(Locations.of(s.descriptor()), "record name " + key + " is also used by " + prev);
      }
    }
    for (EnumModel e : enums.values()) {
      String key = e.javaPackage() + "." + e.name();
      String prev = seen.putIfAbsent(key, e.descriptor().getFullName());
      if (prev != null) {
        problem(Locations.of(e.descriptor()), "enum name " + key + " is also used by " + prev);
      }
    }
  }
}
