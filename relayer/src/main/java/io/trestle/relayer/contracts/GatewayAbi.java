package io.trestle.relayer.contracts;

import io.trestle.abi.runtime.AbiDecodeException;
import io.trestle.canonical.v1.MerklePath;
import io.trestle.evm.v1.MessageExecuted;
import io.trestle.evm.v1.MessageFailed;
import io.trestle.evm.v1.MessageSent;
import io.trestle.evm.v1.TrestleGateway;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Calldata and results of TrestleGateway (src/main/solidity/TrestleGateway.sol), and the topics of
 * its events. Pure functions over bytes, delegating to the codecs abi-codegen generates from
 * trestle/evm/v1/gateway.proto ({@link TrestleGateway}, {@link MessageSent}, ...), whose signatures
 * GatewayAbiConsistencyTest checks against the compiled contract's ABI.
 */
public final class GatewayAbi {
  /** topic0 of MessageSent(bytes32 indexed id, uint64 indexed nonce, CrossChainMessage message). */
  public static final byte[] MESSAGE_SENT_TOPIC = MessageSent.topic0();

  /** topic0 of MessageFailed(bytes32 indexed id, bytes reason). */
  public static final byte[] MESSAGE_FAILED_TOPIC = MessageFailed.topic0();

  /** topic0 of MessageExecuted(bytes32 indexed id, bool success). */
  public static final byte[] MESSAGE_EXECUTED_TOPIC = MessageExecuted.topic0();

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
    return TrestleGateway.Send.encodeCallData(destChainId, GatewayMessage.hex(recipient), payload);
  }

  /** submitBatch(uint64 epoch, uint64 height, bytes32 root, bytes[] signatures). */
  public static byte[] submitBatch(long epoch, long height, byte[] root, List<byte[]> signatures) {
    return TrestleGateway.SubmitBatch.encodeCallData(epoch, height, root, signatures);
  }

  /** execute(CrossChainMessage m, MerklePath path). */
  public static byte[] execute(GatewayMessage m, InclusionPath path) {
    return TrestleGateway.Execute.encodeCallData(
        m.toCanonical(), new MerklePath(path.leafIndex(), path.leafCount(), path.siblings()));
  }

  /** retry(CrossChainMessage m). */
  public static byte[] retry(GatewayMessage m) {
    return TrestleGateway.Retry.encodeCallData(m.toCanonical());
  }

  /** rotateCommittee(address[] members, uint64[] weights, bytes[] signatures). */
  public static byte[] rotateCommittee(
      List<String> members, List<Long> weights, List<byte[]> signatures) {
    return TrestleGateway.RotateCommittee.encodeCallData(
        members.stream().map(GatewayMessage::hex).toList(), weights, signatures);
  }

  /** setPaused(bool paused, bytes[] signatures). */
  public static byte[] setPaused(boolean paused, List<byte[]> signatures) {
    return TrestleGateway.SetPaused.encodeCallData(paused, signatures);
  }

  /** status(bytes32 id) view. */
  public static byte[] status(byte[] id) {
    return TrestleGateway.Status.encodeCallData(id);
  }

  /** Decodes status(id)'s result. @throws MalformedAbiException on an unexpected result */
  public static Status decodeStatus(byte[] result) {
    try {
      return switch (TrestleGateway.Status.decodeResponse(result).status()) {
        case UNKNOWN -> Status.UNKNOWN;
        case EXECUTED -> Status.EXECUTED;
        case FAILED -> Status.FAILED;
      };
    } catch (AbiDecodeException e) {
      throw new MalformedAbiException("status result: " + e.getMessage());
    }
  }

  /** batches(bytes32 root) view: (uint64 epoch, uint64 height, bool known). */
  public static byte[] batches(byte[] root) {
    return TrestleGateway.Batches.encodeCallData(root);
  }

  /**
   * Decodes batches(root)'s known flag.
   *
   * @throws MalformedAbiException on an unexpected result
   */
  public static boolean decodeBatchKnown(byte[] result) {
    try {
      return TrestleGateway.Batches.decodeResponse(result).known();
    } catch (AbiDecodeException e) {
      throw new MalformedAbiException("batches result: " + e.getMessage());
    }
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
}
