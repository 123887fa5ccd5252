package io.trestle.abi.codegen;

import com.google.protobuf.Descriptors.EnumDescriptor;
import java.util.List;

/**
 * A proto enum used as an ABI integer: a Java enum whose constants carry the proto numbers.
 *
 * @param name Java and Solidity enum name
 * @param javaPackage package of the generated Java enum
 * @param constants constants in declaration order
 * @param descriptor the proto enum
 */
record EnumModel(
    String name, String javaPackage, List<Constant> constants, EnumDescriptor descriptor) {

  /**
   * @param name constant name without the proto prefix ({@code CONSENSUS_ENGINE_RAFT} -> RAFT)
   * @param number proto number, also the ABI value
   */
  record Constant(String name, int number) {}
}
