package io.trestle.abi.codegen;

import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * One component of an ABI tuple (struct field, event or function parameter).
 *
 * @param name Solidity name: the proto field name in lowerCamelCase (also the Java component name)
 * @param type declared ABI type
 * @param indexed for event parameters: carried in a topic
 * @param descriptor the proto field
 */
record FieldModel(String name, AbiType type, boolean indexed, FieldDescriptor descriptor) {}
