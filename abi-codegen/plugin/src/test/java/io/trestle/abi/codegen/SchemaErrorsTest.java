package io.trestle.abi.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unsupported or ambiguous declarations fail protoc with {@code file:line: what is wrong}. */
class SchemaErrorsTest {

  @Test
  void reportsEveryMistakeAtItsLine() {
    CodeGeneratorResponse r = Requests.run(Requests.BAD, "bad/mistakes.proto"::equals, "");
    List<String> lines = r.getError().lines().toList();
    List<String> expected =
        List.of(
            "bad/mistakes.proto:18: field no_type of Mistakes has no (trestle.abi.v1.field).type",
            "bad/mistakes.proto:19: field wrong_carrier: address must be carried by a proto bytes",
            "bad/mistakes.proto:20: field odd_width: uint7: integer width must be 8..256",
            "bad/mistakes.proto:21: field nested_array: nested arrays like uint64[][]",
            "bad/mistakes.proto:22: field not_struct: message bad.Plain is not an ABI struct",
            "bad/mistakes.proto:23: field repeated_scalar: repeated field needs an array type",
            "bad/mistakes.proto:24: field alias: \"uint\" is an alias",
            "bad/mistakes.proto:26: field in_oneof: oneof and optional fields",
            "bad/mistakes.proto:28: field wrong_struct_name: type \"Other\" does not match",
            "bad/mistakes.proto:29: field name hash clashes with a generated member",
            "bad/mistakes.proto:44: enum Small: value SMALL_BIG does not fit uint8",
            "bad/mistakes.proto:31: field big_in_uint64: uint128 cannot be carried by proto type"
                + " uint64 (use bytes)",
            "bad/mistakes.proto:32: field bytes33: bytes33: bytesN needs N = 1..32",
            "bad/mistakes.proto:33: field indexed_outside_event: indexed is only meaningful in an"
                + " event",
            "bad/mistakes.proto:34: field garbage: \"uint64 x\" is not an ABI type",
            "bad/mistakes.proto:35: field not_repeated_array: array type uint64[] needs a repeated"
                + " field",
            "bad/mistakes.proto:49: struct Loop contains itself");
    assertEquals(expected.size(), lines.size(), r.getError());
    for (int i = 0; i < expected.size(); i++) {
      assertTrue(
          lines.get(i).startsWith(expected.get(i)),
          "line " + i + ": expected prefix\n  " + expected.get(i) + "\nbut was\n  " + lines.get(i));
    }
    assertEquals(0, r.getFileCount());
  }

  @Test
  void reportsEvmAndChainMistakes() {
    CodeGeneratorResponse r = Requests.run(Requests.BAD, "bad/evm_mistakes.proto"::equals, "");
    List<String> expected =
        List.of(
            "bad/evm_mistakes.proto:11: event TooManyIndexed has 4 indexed parameters; at most 3",
            "bad/evm_mistakes.proto:32: EventAndError is an error and also an ABI struct or event",
            "bad/evm_mistakes.proto:40: field a: indexed is only meaningful in an event",
            "bad/evm_mistakes.proto:43: error name \"1st\" is not a valid identifier",
            "bad/evm_mistakes.proto:51: error Dup is also declared by FirstDup; Solidity errors",
            "bad/evm_mistakes.proto:27: function go: mutability \"constant\" is not one of view,",
            "bad/evm_mistakes.proto:21: field x of Args has no (trestle.abi.v1.field).type",
            "bad/evm_mistakes.proto:9: chain 5 (Bad Name): name must match [a-z][a-z0-9-]*",
            "bad/evm_mistakes.proto:9: chain 5 (Bad Name): need 0 < max_priority_fee_per_gas_wei"
                + " <= max_fee_per_gas_wei",
            "bad/evm_mistakes.proto:9: chain 5 (Bad Name): fee_bump_percent must be at least 10");
    List<String> lines = r.getError().lines().toList();
    assertEquals(expected.size(), lines.size(), r.getError());
    for (int i = 0; i < expected.size(); i++) {
      assertTrue(
          lines.get(i).startsWith(expected.get(i)),
          "line " + i + ": expected prefix\n  " + expected.get(i) + "\nbut was\n  " + lines.get(i));
    }
  }

  @Test
  void structNeedsJavaPackage() {
    CodeGeneratorResponse r = Requests.run(Requests.BAD, "bad/no_package.proto"::equals, "");
    assertEquals(
        "bad/no_package.proto:8: ABI struct Orphan is in a file without option"
            + " (trestle.abi.v1.java_package)",
        r.getError());
  }

  @Test
  void unknownParameterFails() {
    CodeGeneratorResponse r = Requests.run(Requests.REAL, n -> n.startsWith("trestle/v1/"), "x=1");
    assertTrue(r.getError().contains("unknown parameter \"x=1\""), r.getError());
  }
}
