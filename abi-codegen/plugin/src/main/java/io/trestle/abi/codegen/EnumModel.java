package io.trestle.abi.codegen;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import java.util.ArrayList;
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

  /** True when the numbers are 0, 1, ..., n-1 (n <= 256): a Solidity enum can carry it as uint8. */
  boolean contiguous() {
    for (int i = 0; i < constants.size(); i++) {
      if (constants.get(i).number() != i) {
        return false;
      }
    }
    return constants.size() <= 256;
  }

  /** The model of {@code e}; constants lose the proto prefix when every one of them has it. */
  static EnumModel of(EnumDescriptor e, String javaPackage) {
    String prefix = Names.upperSnake(e.getName()) + "_";
    boolean strip =
        e.getValues().stream()
            .allMatch(
                v ->
                    v.getName().startsWith(prefix)
                        && v.getName().length() > prefix.length()
                        && Character.isLetter(v.getName().charAt(prefix.length())));
    List<EnumModel.Constant> cs = new ArrayList<>();
    for (EnumValueDescriptor v : e.getValues()) {
      cs.add(
          new EnumModel.Constant(
              strip ? v.getName().substring(prefix.length()) : v.getName(), v.getNumber()));
    }
    return new EnumModel(e.getName(), javaPackage, cs, e);
  }

  /**
   * @param name constant name without the proto prefix ({@code CONSENSUS_ENGINE_RAFT} -> RAFT)
   * @param number proto number, also the ABI value
   */
  record Constant(String name, int number) {}
}
