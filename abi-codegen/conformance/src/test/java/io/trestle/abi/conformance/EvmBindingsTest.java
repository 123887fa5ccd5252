package io.trestle.abi.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.abi.runtime.AbiDecodeException;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.MerklePath;
import io.trestle.evm.v1.BatchSubmitted;
import io.trestle.evm.v1.Chains;
import io.trestle.evm.v1.MessageExecuted;
import io.trestle.evm.v1.MessageSent;
import io.trestle.evm.v1.SendResponse;
import io.trestle.evm.v1.SubmitBatchRequest;
import io.trestle.evm.v1.TrestleGateway;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;

/** Calldata and event-log codecs of TrestleGateway (trestle/evm/v1/gateway.proto) against web3j. */
class EvmBindingsTest {
  private static final int N = 500;
  private final RandomValues random = new RandomValues(42);

  @Test
  void sendCallDataMatchesWeb3j() {
    for (int i = 0; i < N; i++) {
      long dest = random.unsigned(64).longValue();
      byte[] to = random.bytes(20);
      byte[] payload = random.bytes(i % 300);
      byte[] ours = TrestleGateway.Send.encodeCallData(dest, to, payload);
      Function f =
          new Function(
              "send",
              List.of(
                  new Uint64(new BigInteger(Long.toUnsignedString(dest))),
                  new Address(new BigInteger(1, to)),
                  new DynamicBytes(payload)),
              List.of());
      assertArrayEquals(hex(FunctionEncoder.encode(f)), ours);
      assertEquals(
          Arrays.hashCode(payload),
          Arrays.hashCode(TrestleGateway.Send.decodeCallData(ours).payload()));
    }
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void submitBatchAndExecuteCallDataMatchWeb3j() {
    for (int i = 0; i < N; i++) {
      SubmitBatchRequest req = random.record(SubmitBatchRequest.class);
      List<DynamicBytes> sigs = req.signatures().stream().map(DynamicBytes::new).toList();
      Function f =
          new Function(
              "submitBatch",
              List.of(
                  new Uint64(new BigInteger(Long.toUnsignedString(req.epoch()))),
                  new Uint64(new BigInteger(Long.toUnsignedString(req.height()))),
                  new Bytes32(req.root()),
                  new DynamicArray(DynamicBytes.class, sigs)),
              List.of());
      byte[] ours = TrestleGateway.SubmitBatch.encodeCallData(req);
      assertArrayEquals(hex(FunctionEncoder.encode(f)), ours);
      assertEquals(req, TrestleGateway.SubmitBatch.decodeCallData(ours));

      CrossChainMessage m = random.record(CrossChainMessage.class);
      MerklePath p = random.record(MerklePath.class);
      Function ex =
          new Function(
              "execute",
              List.of(
                  Web3jValues.of(RandomValues.tupleOf(CrossChainMessage.class), m),
                  Web3jValues.of(RandomValues.tupleOf(MerklePath.class), p)),
              List.of());
      byte[] call = TrestleGateway.Execute.encodeCallData(m, p);
      assertArrayEquals(hex(FunctionEncoder.encode(ex)), call);
      assertEquals(m, TrestleGateway.Execute.decodeCallData(call).message());
    }
  }

  @Test
  void responseAndSelectorAreChecked() {
    byte[] id = random.bytes(32);
    byte[] ret = TrestleGateway.Send.encodeResponse(new SendResponse(id));
    assertArrayEquals(hex(TypeEncoder.encode(new Bytes32(id))), ret);
    assertArrayEquals(id, TrestleGateway.Send.decodeResponse(ret).messageId());
    assertThrows(
        AbiDecodeException.class, () -> TrestleGateway.Send.decodeResponse(Arrays.copyOf(ret, 64)));
    byte[] call = TrestleGateway.Send.encodeCallData(1, new byte[20], new byte[0]);
    call[0] ^= 1;
    assertThrows(AbiDecodeException.class, () -> TrestleGateway.Send.decodeCallData(call));
    assertThrows(AbiDecodeException.class, () -> TrestleGateway.Send.decodeCallData(new byte[3]));
  }

  @Test
  void topicsMatchWeb3jAndLogsDecode() {
    assertEquals(
        EventEncoder.encode(
            new Event(
                "MessageExecuted",
                List.of(new TypeReference<Bytes32>(true) {}, new TypeReference<Bool>() {}))),
        MessageExecuted.TOPIC0);
    assertEquals(
        EventEncoder.encode(
            new Event(
                "BatchSubmitted",
                List.of(
                    new TypeReference<Uint64>(true) {},
                    new TypeReference<Uint64>(true) {},
                    new TypeReference<Bytes32>() {}))),
        BatchSubmitted.TOPIC0);
    String sentSig =
        "MessageSent(bytes32,uint64,(uint64,address,uint64,address,uint64,address,bytes))";
    assertEquals(
        "0x"
            + HexFormat.of()
                .formatHex(DifferentialTest.keccak(sentSig.getBytes(StandardCharsets.UTF_8))),
        MessageSent.TOPIC0);

    for (int i = 0; i < N; i++) {
      MessageSent e =
          new MessageSent(
              random.bytes(32),
              random.unsigned(64).longValue(),
              random.record(CrossChainMessage.class));
      List<byte[]> topics = new ArrayList<>();
      topics.add(hex(MessageSent.TOPIC0));
      topics.add(hex(TypeEncoder.encode(new Bytes32(e.messageId()))));
      topics.add(
          hex(TypeEncoder.encode(new Uint64(new BigInteger(Long.toUnsignedString(e.nonce()))))));
      Type<?> msg = Web3jValues.of(RandomValues.tupleOf(CrossChainMessage.class), e.message());
      byte[] data = hex(FunctionEncoder.encodeConstructor(List.of(msg)));
      assertEquals(e, MessageSent.decodeLog(topics, data));
      assertArrayEquals(data, e.encodeData());
      for (int t = 0; t < 3; t++) {
        assertArrayEquals(topics.get(t), e.topics().get(t));
      }
      assertThrows(
          AbiDecodeException.class, () -> MessageSent.decodeLog(topics.subList(0, 2), data));
      List<byte[]> wrong = new ArrayList<>(topics);
      wrong.set(0, hex(MessageExecuted.TOPIC0));
      assertThrows(AbiDecodeException.class, () -> MessageSent.decodeLog(wrong, data));
      assertThrows(
          AbiDecodeException.class,
          () -> MessageSent.decodeLog(topics, Arrays.copyOf(data, data.length + 32)));
    }
  }

  @Test
  void chainRegistryHasTheLocalChains() {
    Chains.Chain a = Chains.byId(31337).orElseThrow();
    assertEquals("local-a", a.name());
    assertEquals(a, Chains.LOCAL_A);
    assertEquals(Chains.LOCAL_B, Chains.byName("local-b").orElseThrow());
    assertEquals(List.of(Chains.LOCAL_A, Chains.LOCAL_B), Chains.ALL);
    assertTrue(a.maxPriorityFeePerGasWei() <= a.maxFeePerGasWei());
    assertTrue(a.feeBumpPercent() >= 10);
    assertTrue(Chains.byId(1).isEmpty());
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.startsWith("0x") ? s.substring(2) : s);
  }
}
