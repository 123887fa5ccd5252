package io.trestle.abi.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.abi.runtime.AbiDecodeException;
import io.trestle.evm.v1.AlreadyExecuted;
import io.trestle.evm.v1.CommitteeRotated;
import io.trestle.evm.v1.GatewayPaused;
import io.trestle.evm.v1.MessageFailed;
import io.trestle.evm.v1.NoQuorum;
import io.trestle.evm.v1.NotAMember;
import io.trestle.evm.v1.PauseChanged;
import io.trestle.evm.v1.WrongEpoch;
import java.math.BigInteger;
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
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * Custom errors ((trestle.abi.v1.error): revert data = selector ‖ abi.encode(params), the same
 * layout as calldata, so web3j's FunctionEncoder is the reference) and the gateway's other events,
 * against web3j.
 */
class EvmErrorsAndEventsTest {
  private static final int N = 300;
  private final RandomValues random = new RandomValues(7);

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.startsWith("0x") ? s.substring(2) : s);
  }

  @SuppressWarnings("rawtypes")
  private static byte[] web3j(String name, Type... args) {
    return hex(FunctionEncoder.encode(new Function(name, List.of(args), List.of())));
  }

  private static Uint64 u64(long v) {
    return new Uint64(new BigInteger(Long.toUnsignedString(v)));
  }

  @Test
  void revertDataMatchesWeb3jAndDecodesStrictly() {
    for (int i = 0; i < N; i++) {
      WrongEpoch w =
          new WrongEpoch(random.unsigned(64).longValue(), random.unsigned(64).longValue());
      byte[] data = w.encode();
      assertArrayEquals(web3j("WrongEpoch", u64(w.expected()), u64(w.got())), data);
      assertEquals(w, WrongEpoch.decode(data));
      assertTrue(WrongEpoch.matches(data));
      assertFalse(NoQuorum.matches(data));

      NoQuorum q = new NoQuorum(random.unsigned(256), random.unsigned(256));
      assertArrayEquals(
          web3j("NoQuorum", new Uint256(q.signedWeight()), new Uint256(q.committeeWeight())),
          q.encode());
      assertEquals(q, NoQuorum.decode(q.encode()));

      NotAMember m = new NotAMember(random.bytes(20));
      assertArrayEquals(
          web3j("NotAMember", new Address(new BigInteger(1, m.signer()))), m.encode());
      assertEquals(m, NotAMember.decode(m.encode()));

      AlreadyExecuted a = new AlreadyExecuted(random.bytes(32));
      assertArrayEquals(web3j("AlreadyExecuted", new Bytes32(a.messageId())), a.encode());
      assertEquals(a, AlreadyExecuted.decode(a.encode()));

      int cut = 4 + (i % (data.length - 4));
      byte[] wrongSelector = data.clone();
      wrongSelector[i % 4] ^= 1;
      assertThrows(AbiDecodeException.class, () -> WrongEpoch.decode(wrongSelector));
      assertThrows(
          AbiDecodeException.class, () -> WrongEpoch.decode(Arrays.copyOf(data, data.length + 1)));
      assertThrows(AbiDecodeException.class, () -> WrongEpoch.decode(Arrays.copyOf(data, cut)));
      byte[] dirty = m.encode();
      dirty[4 + (i % 12)] = 1; // address padding
      assertThrows(AbiDecodeException.class, () -> NotAMember.decode(dirty));
    }
    assertArrayEquals(web3j("Paused"), new GatewayPaused().encode());
    assertEquals(new GatewayPaused(), GatewayPaused.decode(web3j("Paused")));
    assertThrows(AbiDecodeException.class, () -> GatewayPaused.decode(new byte[3]));
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void otherGatewayEventsMatchWeb3j() {
    assertEquals(
        EventEncoder.encode(
            new Event(
                "MessageFailed",
                List.of(
                    new TypeReference<Bytes32>(true) {}, new TypeReference<DynamicBytes>() {}))),
        MessageFailed.TOPIC0);
    assertEquals(
        EventEncoder.encode(
            new Event(
                "PauseChanged",
                List.of(new TypeReference<Bool>() {}, new TypeReference<Uint64>() {}))),
        PauseChanged.TOPIC0);
    assertEquals(
        EventEncoder.encode(
            new Event(
                "CommitteeRotated",
                List.of(
                    new TypeReference<Uint64>(true) {},
                    new TypeReference<DynamicArray<Address>>() {},
                    new TypeReference<DynamicArray<Uint64>>() {}))),
        CommitteeRotated.TOPIC0);
    assertEquals(List.of(true, false, false), CommitteeRotated.INDEXED);
    for (int i = 0; i < N; i++) {
      CommitteeRotated e = random.record(CommitteeRotatedShape.class).toEvent();
      List<Address> members = new ArrayList<>();
      e.members().forEach(a -> members.add(new Address(new BigInteger(1, a))));
      List<Uint64> weights = e.weights().stream().map(EvmErrorsAndEventsTest::u64).toList();
      List<Type> data =
          List.of(
              new DynamicArray<>(Address.class, members),
              new DynamicArray<>(Uint64.class, weights));
      byte[] expected = hex(FunctionEncoder.encodeConstructor(data));
      assertArrayEquals(expected, e.encodeData());
      List<byte[]> topics =
          List.of(hex(CommitteeRotated.TOPIC0), hex(TypeEncoder.encode(u64(e.epoch()))));
      assertEquals(e, CommitteeRotated.decodeLog(topics, expected));
    }
  }

  /** Random-value shape of CommitteeRotated (RandomValues builds records from ABI_TUPLE). */
  record CommitteeRotatedShape(long epoch, List<byte[]> members, List<Long> weights) {
    public static final String ABI_TUPLE = "(uint64,address[],uint64[])";

    CommitteeRotated toEvent() {
      return new CommitteeRotated(epoch, members, weights);
    }
  }
}
