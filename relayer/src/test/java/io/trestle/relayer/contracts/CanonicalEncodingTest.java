package io.trestle.relayer.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.utils.Numeric;

/** Our encodings against web3j's ABI encoder (an independent implementation) on random values. */
class CanonicalEncodingTest {
  static final SplittableRandom RANDOM = new SplittableRandom(20261125);

  static String address(SplittableRandom r) {
    byte[] a = new byte[20];
    r.nextBytes(a);
    return GatewayMessage.toHex(a);
  }

  static GatewayMessage randomMessage(SplittableRandom r) {
    byte[] payload = new byte[r.nextInt(0, 200)];
    r.nextBytes(payload);
    return new GatewayMessage(
        r.nextLong(), address(r), r.nextLong(), address(r), r.nextLong(), address(r), payload);
  }

  static Uint64 u64(long v) {
    return new Uint64(new BigInteger(Long.toUnsignedString(v)));
  }

  static DynamicStruct web3jMessage(GatewayMessage m) {
    return new DynamicStruct(
        u64(m.sourceChainId()),
        new Address(m.sourceGateway()),
        u64(m.nonce()),
        new Address(m.sender()),
        u64(m.destChainId()),
        new Address(m.recipient()),
        new DynamicBytes(m.payload()));
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  static byte[] web3jEncode(Type... params) {
    return Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.<Type>of(params)));
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  static String web3jCall(String name, Type... params) {
    return FunctionEncoder.encode(
        new org.web3j.abi.datatypes.Function(name, List.<Type>of(params), List.of()));
  }

  @Test
  void messageEncodingEqualsWeb3jAbiEncodeAndRoundTrips() {
    for (int i = 0; i < 200; i++) {
      GatewayMessage m = randomMessage(RANDOM);
      byte[] ours = m.encode();
      assertArrayEquals(web3jEncode(web3jMessage(m)), ours, m.toString());
      assertEquals(m, GatewayMessage.decode(ours));
    }
  }

  @Test
  void pathAndAttestationEncodingsEqualWeb3j() {
    for (int i = 0; i < 50; i++) {
      List<byte[]> siblings = new ArrayList<>();
      List<Bytes32> w3 = new ArrayList<>();
      for (int k = RANDOM.nextInt(0, 8); k > 0; k--) {
        byte[] s = new byte[32];
        RANDOM.nextBytes(s);
        siblings.add(s);
        w3.add(new Bytes32(s));
      }
      InclusionPath p = new InclusionPath(RANDOM.nextLong(), RANDOM.nextLong(), siblings);
      DynamicStruct expected =
          new DynamicStruct(
              u64(p.leafIndex()), u64(p.leafCount()), new DynamicArray<>(Bytes32.class, w3));
      assertArrayEquals(web3jEncode(expected), p.encode());

      byte[] cid = new byte[32];
      byte[] root = new byte[32];
      RANDOM.nextBytes(cid);
      RANDOM.nextBytes(root);
      Attestation a =
          new Attestation(cid, RANDOM.nextLong(), RANDOM.nextLong(), root, RANDOM.nextLong());
      StaticStruct att =
          new StaticStruct(
              new Bytes32(cid),
              u64(a.epoch()),
              u64(a.height()),
              new Bytes32(root),
              u64(a.destChainId()));
      assertArrayEquals(web3jEncode(att), a.encode());
    }
  }

  @Test
  void callDataEqualsWeb3j() {
    GatewayMessage m = randomMessage(RANDOM);
    InclusionPath p = new InclusionPath(3, 5, List.of(new byte[32], new byte[32]));
    byte[] execute = GatewayAbi.execute(m, p);
    DynamicStruct path =
        new DynamicStruct(
            u64(3),
            u64(5),
            new DynamicArray<>(
                Bytes32.class, new Bytes32(new byte[32]), new Bytes32(new byte[32])));
    assertArrayEquals(
        web3jEncode(web3jMessage(m), path), Arrays.copyOfRange(execute, 4, execute.length));
    assertEquals(web3jCall("execute", web3jMessage(m), path), Numeric.toHexString(execute));

    List<byte[]> sigs = List.of(new byte[65], new byte[] {1, 2, 3});
    byte[] root = new byte[32];
    root[0] = 7;
    byte[] submit = GatewayAbi.submitBatch(9, 10, root, sigs);
    assertArrayEquals(
        web3jEncode(
            u64(9),
            u64(10),
            new Bytes32(root),
            new DynamicArray<>(
                DynamicBytes.class,
                new DynamicBytes(new byte[65]),
                new DynamicBytes(new byte[] {1, 2, 3}))),
        Arrays.copyOfRange(submit, 4, submit.length));

    String m1 = address(RANDOM);
    String m2 = address(RANDOM);
    assertArrayEquals(
        web3jEncode(
            new Bytes32(root),
            u64(4),
            new DynamicArray<>(Address.class, new Address(m1), new Address(m2)),
            new DynamicArray<>(Uint64.class, u64(1), u64(2)),
            new Uint256(300_000)),
        GatewayAbi.constructorArgs(root, 4, List.of(m1, m2), List.of(1L, 2L), 300_000));
    byte[] pause = GatewayAbi.setPaused(true, sigs);
    assertArrayEquals(
        web3jEncode(
            new Bool(true),
            new DynamicArray<>(
                DynamicBytes.class,
                new DynamicBytes(new byte[65]),
                new DynamicBytes(new byte[] {1, 2, 3}))),
        Arrays.copyOfRange(pause, 4, pause.length));
    assertArrayEquals(web3jEncode(new Uint256(BigInteger.TEN)), Abi.uint(10));
  }

  @Test
  void mutatedOrTruncatedEncodingsRaiseOnlyMalformedAbi() {
    for (int i = 0; i < 300; i++) {
      byte[] good = randomMessage(RANDOM).encode();
      byte[] bad =
          switch (i % 3) {
            case 0 -> Arrays.copyOf(good, RANDOM.nextInt(0, good.length));
            case 1 -> Arrays.copyOf(good, good.length + 32);
            default -> {
              byte[] b = good.clone();
              b[RANDOM.nextInt(b.length)] ^= (byte) (1 << RANDOM.nextInt(8));
              yield b;
            }
          };
      try {
        GatewayMessage decoded = GatewayMessage.decode(bad);
        // A flip inside a value field decodes to a different, well-formed message.
        assertArrayEquals(bad, decoded.encode());
      } catch (MalformedAbiException expected) {
        // the declared failure
      }
    }
    assertThrows(MalformedAbiException.class, () -> GatewayMessage.decode(new byte[0]));
  }

  @Test
  void badValuesAreRefusedAtConstruction() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new GatewayMessage(1, "0x12", 1, address(RANDOM), 2, address(RANDOM), new byte[0]));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new GatewayMessage(
                1, address(RANDOM), 1, address(RANDOM), 2, address(RANDOM), new byte[65537]));
    assertThrows(
        IllegalArgumentException.class, () -> new Attestation(new byte[31], 0, 0, new byte[32], 0));
  }
}
