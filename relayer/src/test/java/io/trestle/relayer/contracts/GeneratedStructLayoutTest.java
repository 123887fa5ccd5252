package io.trestle.relayer.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The structs and enums abi-codegen generates in Solidity, as npm's solc compiled them during this
 * module's build (scripts/compile.js writes their members and solc's type strings, from the AST, to
 * solidity-types.json), have the layout of the generated Java records: same canonical ABI tuple
 * (types and order), same member names, same enum members; and every generated Java struct record
 * has its Solidity struct.
 */
class GeneratedStructLayoutTest {
  /** Java package of the generated records of each proto package (their java_package options). */
  private static final Map<String, String> PACKAGES =
      Map.of("trestle/v1/", "io.trestle.canonical.v1", "trestle/evm/v1/", "io.trestle.evm.v1");

  private final JsonNode types = GatewayAbiConsistencyTest.artifact("solidity-types");

  private String canonical(String solidityType) {
    String base = solidityType;
    String suffix = "";
    int bracket = solidityType.indexOf('[');
    if (bracket >= 0) {
      base = solidityType.substring(0, bracket);
      suffix = solidityType.substring(bracket);
    }
    if (base.startsWith("struct ")) {
      return tupleOf(base.substring("struct ".length())) + suffix;
    }
    if (base.startsWith("enum ")) {
      return "uint8" + suffix; // Solidity ABI: an enum is encoded as uint8
    }
    return solidityType;
  }

  private String tupleOf(String struct) {
    JsonNode s = types.get("structs").get(struct);
    if (s == null) {
      throw new AssertionError("solc compiled no struct " + struct);
    }
    List<String> members = new ArrayList<>();
    s.get("members").forEach(m -> members.add(canonical(m.get("type").asString())));
    return "(" + String.join(",", members) + ")";
  }

  private static Class<?> javaClass(String sourceName, String name) throws ClassNotFoundException {
    String dir = sourceName.substring(0, sourceName.lastIndexOf('/') + 1);
    String pkg = PACKAGES.get(dir);
    if (pkg == null) {
      throw new AssertionError("no Java package known for " + sourceName);
    }
    return Class.forName(pkg + "." + name);
  }

  @Test
  void solidityStructsHaveTheJavaRecordsLayout() throws Exception {
    Set<String> compiled = new TreeSet<>();
    for (var e : types.get("structs").properties()) {
      String name = e.getKey();
      String source = e.getValue().get("sourceName").asString();
      if (!source.startsWith("trestle/")) {
        continue; // hand-written contract-internal structs (e.g. TrestleGateway.Batch)
      }
      compiled.add(name);
      Class<?> record = javaClass(source, name);
      assertEquals(record.getField("ABI_TUPLE").get(null), tupleOf(name), name);
      List<String> solidityNames = new ArrayList<>();
      e.getValue()
          .get("members")
          .forEach(m -> solidityNames.add(m.get("name").asString().replaceAll("_$", "")));
      assertEquals(
          Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList(),
          solidityNames,
          name + " member names");
    }
    Set<String> javaStructs = new TreeSet<>();
    for (Class<?> c : GeneratedClasses.in("io.trestle.canonical.v1")) {
      if (c.isRecord()) {
        javaStructs.add(c.getSimpleName());
      }
    }
    assertEquals(javaStructs, compiled, "every generated struct record has its Solidity struct");
    assertTrue(compiled.contains("CrossChainMessage"));
  }

  @Test
  void solidityEnumsHaveTheJavaEnumsConstants() throws Exception {
    int checked = 0;
    for (var e : types.get("enums").properties()) {
      String source = e.getValue().get("sourceName").asString();
      if (!source.startsWith("trestle/")) {
        continue;
      }
      Class<?> javaEnum = javaClass(source, e.getKey());
      List<String> members = new ArrayList<>();
      e.getValue().get("members").forEach(m -> members.add(m.asString()));
      assertEquals(
          Arrays.stream(javaEnum.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList(),
          members,
          e.getKey());
      checked++;
    }
    assertTrue(checked > 0, "ExecutionStatus at least");
  }
}
