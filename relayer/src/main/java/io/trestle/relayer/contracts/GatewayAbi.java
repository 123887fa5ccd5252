package io.trestle.relayer.contracts;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Calldata and results of TrestleGateway (src/main/solidity/TrestleGateway.sol), and the topics of
 * its events. Pure functions over bytes; signatures must match the contract's exactly.
 */
public final class GatewayAbi {
  private static final String MESSAGE_TUPLE =
      "(uint64,address,uint64,address,uint64,address,bytes)";
  private static final String PATH_TUPLE = "(uint64,uint64,bytes32[])";

  /** topic0 of MessageSent(bytes32 indexed id, uint64 indexed nonce, CrossChainMessage message). */
  public static final byte[] MESSAGE_SENT_TOPIC =
      Abi.keccak(("MessageSent(bytes32,uint64," + MESSAGE_TUPLE + ")").getBytes());

  /** topic0 of MessageFailed(bytes32 indexed id, bytes reason). */
  public static final byte[] MESSAGE_FAILED_TOPIC =
      Abi.keccak("MessageFailed(bytes32,bytes)".getBytes());

  /** topic0 of MessageExecuted(bytes32 indexed id). */
  public static final byte[] MESSAGE_EXECUTED_TOPIC =
      Abi.keccak("MessageExecuted(bytes32)".getBytes());

  /** Execution status of a message id on a destination gateway. */
  public enum Status {
    UNKNOWN,
    EXECUTED,
    FAILED
  }

  private GatewayAbi() {}

  /** Constructor arguments: appended to the creation bytecode. */
  public static byte[] constructorArgs(
      byte[] committeeId, long epoch, List<String> members, List<Long> weights, long gasLimit) {
    return Abi.tuple(
        List.of(
            new Abi.Static(Abi.bytes32(committeeId)),
            new Abi.Static(Abi.uint64(epoch)),
            new Abi.Dynamic(addressArray(members)),
            new Abi.Dynamic(uint64Array(weights)),
            new Abi.Static(Abi.uint(gasLimit))));
  }

  /** send(uint64 destChainId, address recipient, bytes payload). */
  public static byte[] send(long destChainId, String recipient, byte[] payload) {
    return call(
        "send(uint64,address,bytes)",
        List.of(
            new Abi.Static(Abi.uint64(destChainId)),
            new Abi.Static(Abi.address(GatewayMessage.hex(recipient))),
            new Abi.Dynamic(Abi.bytes(payload))));
  }

  /** submitBatch(uint64 epoch, uint64 height, bytes32 root, bytes[] signatures). */
  public static byte[] submitBatch(long epoch, long height, byte[] root, List<byte[]> signatures) {
    return call(
        "submitBatch(uint64,uint64,bytes32,bytes[])",
        List.of(
            new Abi.Static(Abi.uint64(epoch)),
            new Abi.Static(Abi.uint64(height)),
            new Abi.Static(Abi.bytes32(root)),
            new Abi.Dynamic(bytesArray(signatures))));
  }

  /** execute(CrossChainMessage m, MerklePath path). */
  public static byte[] execute(GatewayMessage m, InclusionPath path) {
    return call(
        "execute(" + MESSAGE_TUPLE + "," + PATH_TUPLE + ")",
        List.of(new Abi.Dynamic(m.encodeTuple()), new Abi.Dynamic(path.encodeTuple())));
  }

  /** retry(CrossChainMessage m). */
  public static byte[] retry(GatewayMessage m) {
    return call("retry(" + MESSAGE_TUPLE + ")", List.of(new Abi.Dynamic(m.encodeTuple())));
  }

  /** rotateCommittee(address[] members, uint64[] weights, bytes[] signatures). */
  public static byte[] rotateCommittee(
      List<String> members, List<Long> weights, List<byte[]> signatures) {
    return call(
        "rotateCommittee(address[],uint64[],bytes[])",
        List.of(
            new Abi.Dynamic(addressArray(members)),
            new Abi.Dynamic(uint64Array(weights)),
            new Abi.Dynamic(bytesArray(signatures))));
  }

  /** setPaused(bool paused, bytes[] signatures). */
  public static byte[] setPaused(boolean paused, List<byte[]> signatures) {
    return call(
        "setPaused(bool,bytes[])",
        List.of(new Abi.Static(Abi.bool(paused)), new Abi.Dynamic(bytesArray(signatures))));
  }

  /** status(bytes32 id) view. */
  public static byte[] status(byte[] id) {
    return call("status(bytes32)", List.of(new Abi.Static(Abi.bytes32(id))));
  }

  /** Decodes status(id)'s result. @throws MalformedAbiException on an unexpected result */
  public static Status decodeStatus(byte[] result) {
    long v = Abi.readUint(result, 0, 8);
    if (v >= Status.values().length) {
      throw new MalformedAbiException("unknown status " + v);
    }
    return Status.values()[(int) v];
  }

  /** batches(bytes32 root) view: (uint64 epoch, uint64 height, bool known). */
  public static byte[] batches(byte[] root) {
    return call("batches(bytes32)", List.of(new Abi.Static(Abi.bytes32(root))));
  }

  /** Decodes batches(root)'s known flag. */
  public static boolean decodeBatchKnown(byte[] result) {
    return Abi.readUint(result, 2 * Abi.WORD, 1) == 1;
  }

  /** A no-argument view such as currentEpoch(), lastNonce(), pauseNonce(), paused(). */
  public static byte[] view(String name) {
    return Abi.selector(name + "()");
  }

  /** Decodes a single unsigned integer result. */
  public static BigInteger decodeUint(byte[] result) {
    return new BigInteger(1, Abi.word(result, 0));
  }

  /** selector ‖ abi.encode(args). */
  public static byte[] call(String signature, List<Abi.Value> args) {
    return Abi.concat(Abi.selector(signature), Abi.tuple(args));
  }

  static byte[] addressArray(List<String> addresses) {
    List<byte[]> words = new ArrayList<>();
    addresses.forEach(a -> words.add(Abi.address(GatewayMessage.hex(a))));
    return Abi.staticArray(words);
  }

  static byte[] uint64Array(List<Long> values) {
    List<byte[]> words = new ArrayList<>();
    values.forEach(v -> words.add(Abi.uint64(v)));
    return Abi.staticArray(words);
  }

  static byte[] bytesArray(List<byte[]> items) {
    List<Abi.Value> values = new ArrayList<>();
    items.forEach(b -> values.add(new Abi.Dynamic(Abi.bytes(b))));
    return Abi.dynamicArray(values);
  }
}
