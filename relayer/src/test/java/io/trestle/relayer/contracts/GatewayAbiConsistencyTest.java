package io.trestle.relayer.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.abi.runtime.Keccak256;
import io.trestle.evm.v1.TrestleGateway;
import io.trestle.evm.v1.TrestleReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The gateway's Solidity and Java cannot drift apart: solc's ABI of the compiled contracts (written
 * by scripts/compile.js during this module's build, from src/main/solidity and the Solidity that
 * abi-codegen generated from trestle/evm/v1/gateway.proto) is compared with the generated Java
 * codecs of the same .proto. Every function (signature, selector, mutability, return tuple), event
 * (signature, topic 0, indexed flags) and custom error (signature, selector) of TrestleGateway must
 * be declared in the .proto and vice versa; only the constructor is not declared there.
 */
class GatewayAbiConsistencyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVM_PACKAGE = "io.trestle.evm.v1";

  static JsonNode artifact(String name) {
    String resource = "evm/" + name + ".json";
    try (InputStream in = ContractArtifact.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("no " + resource + " on the class path (run the Maven build)");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Canonical type of an ABI JSON parameter: tuples expanded, array suffixes kept. */
  static String canonical(JsonNode param) {
    String type = param.get("type").asString();
    if (!type.startsWith("tuple")) {
      return type;
    }
    return tuple(param.get("components")) + type.substring("tuple".length());
  }

  static String tuple(JsonNode params) {
    List<String> types = new ArrayList<>();
    params.forEach(p -> types.add(canonical(p)));
    return "(" + String.join(",", types) + ")";
  }

  static String signature(JsonNode entry) {
    return entry.get("name").asString() + tuple(entry.get("inputs"));
  }

  static byte[] keccak(String s) {
    return Keccak256.hash(s.getBytes(StandardCharsets.UTF_8));
  }

  static int selector(String signature) {
    byte[] h = keccak(signature);
    return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
  }

  /** The compiled ABI's entries of {@code type}, by signature. */
  static Map<String, JsonNode> entries(JsonNode artifact, String type) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode e : artifact.get("abi")) {
      if (e.get("type").asString().equals(type)) {
        out.put(signature(e), e);
      }
    }
    return out;
  }

  static Object constant(Class<?> c, String field) {
    try {
      return c.getField(field).get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(c + " has no " + field, e);
    }
  }

  /** Generated function classes of a contract, by SIGNATURE. */
  static Map<String, Class<?>> functions(Class<?> contract) {
    Map<String, Class<?>> out = new TreeMap<>();
    for (Class<?> f : contract.getDeclaredClasses()) {
      out.put((String) constant(f, "SIGNATURE"), f);
    }
    return out;
  }

  static String returnTuple(Class<?> function) throws ReflectiveOperationException {
    for (Method m : function.getMethods()) {
      if (m.getName().equals("decodeResponse")) {
        return (String) constant(m.getReturnType(), "ABI_TUPLE");
      }
    }
    return "()";
  }

  static void assertFunctionsMatch(JsonNode artifact, Class<?> contract)
      throws ReflectiveOperationException {
    Map<String, JsonNode> compiled = entries(artifact, "function");
    Map<String, Class<?>> generated = functions(contract);
    assertEquals(compiled.keySet(), generated.keySet(), "functions of " + contract.getName());
    for (var e : compiled.entrySet()) {
      Class<?> f = generated.get(e.getKey());
      assertEquals(selector(e.getKey()), constant(f, "SELECTOR"), e.getKey());
      assertEquals(
          e.getValue().get("stateMutability").asString(), constant(f, "MUTABILITY"), e.getKey());
      assertEquals(tuple(e.getValue().get("outputs")), returnTuple(f), e.getKey() + " returns");
    }
  }

  @Test
  void gatewayFunctionsAreExactlyTheProtoDeclarations() throws ReflectiveOperationException {
    JsonNode gateway = artifact("TrestleGateway");
    assertFunctionsMatch(gateway, TrestleGateway.class);
    // The generated interface itself, as solc compiled it, says the same.
    assertFunctionsMatch(artifact("ITrestleGateway"), TrestleGateway.class);
    assertFalse(functions(TrestleGateway.class).isEmpty());
    // send is not payable: the gateway holds no ether.
    assertEquals("nonpayable", TrestleGateway.Send.MUTABILITY);
  }

  @Test
  void gatewayEventsAndErrorsAreExactlyTheProtoDeclarations() throws Exception {
    JsonNode gateway = artifact("TrestleGateway");
    Map<String, JsonNode> events = entries(gateway, "event");
    Map<String, JsonNode> errors = entries(gateway, "error");
    Map<String, Class<?>> generatedEvents = new TreeMap<>();
    Map<String, Class<?>> generatedErrors = new TreeMap<>();
    for (Class<?> c : GeneratedClasses.in(EVM_PACKAGE)) {
      if (hasField(c, "TOPIC0")) {
        generatedEvents.put((String) constant(c, "SIGNATURE"), c);
      } else if (c.isRecord() && hasField(c, "SELECTOR")) {
        generatedErrors.put((String) constant(c, "SIGNATURE"), c);
      }
    }
    assertEquals(events.keySet(), generatedEvents.keySet(), "events");
    assertEquals(errors.keySet(), generatedErrors.keySet(), "errors");
    for (var e : events.entrySet()) {
      Class<?> c = generatedEvents.get(e.getKey());
      assertEquals(
          "0x" + HexFormat.of().formatHex(keccak(e.getKey())), constant(c, "TOPIC0"), e.getKey());
      List<Boolean> indexed = new ArrayList<>();
      e.getValue().get("inputs").forEach(p -> indexed.add(p.get("indexed").asBoolean()));
      assertEquals(indexed, GeneratedClasses.indexedFlags(c), e.getKey() + " indexed");
    }
    for (var e : errors.entrySet()) {
      assertEquals(selector(e.getKey()), constant(generatedErrors.get(e.getKey()), "SELECTOR"));
    }
    assertTrue(events.containsKey(io.trestle.evm.v1.MessageSent.SIGNATURE));
    assertTrue(errors.containsKey(io.trestle.evm.v1.GatewayPaused.SIGNATURE));
  }

  @Test
  void receiversImplementTheGeneratedReceiverInterface() throws ReflectiveOperationException {
    assertFunctionsMatch(artifact("ITrestleReceiver"), TrestleReceiver.class);
    for (String receiver : List.of("ScriptedReceiver", "TokenBridge")) {
      assertTrue(
          entries(artifact(receiver), "function")
              .containsKey(TrestleReceiver.OnTrestleMessage.SIGNATURE),
          receiver);
    }
  }

  private static boolean hasField(Class<?> c, String name) {
    try {
      c.getField(name);
      return true;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }
}
