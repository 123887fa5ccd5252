package io.trestle.relayer.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.relayer.contracts.Abi;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

class DeliverUnitTest {
  static final BigInteger HALF_N =
      new BigInteger("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", 16);

  @Test
  void evmSignaturesRecoverToTheSignerWithLowS() throws Exception {
    EvmKey key =
        EvmKey.fromPrivateKey("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    assertEquals("0x70997970c51812dc3a010c7d01b50e0d17dc79c8", key.address());
    for (int i = 0; i < 50; i++) {
      byte[] digest = Abi.keccak(new byte[] {(byte) i});
      byte[] sig = key.signDigest(digest);
      assertEquals(65, sig.length);
      assertTrue(sig[64] == 27 || sig[64] == 28);
      assertTrue(new BigInteger(1, Arrays.copyOfRange(sig, 32, 64)).compareTo(HALF_N) <= 0);
      BigInteger pub =
          Sign.signedMessageHashToKey(
              digest,
              new Sign.SignatureData(
                  sig[64], Arrays.copyOfRange(sig, 0, 32), Arrays.copyOfRange(sig, 32, 64)));
      assertEquals(key.address(), "0x" + Keys.getAddress(pub));
    }
  }

  @Test
  void feesStartWithinCapsAndBumpByAtLeastTenPercentUntilCapped() {
    FeePolicy p = new FeePolicy(BigInteger.valueOf(1000), BigInteger.valueOf(100), 12);
    FeePolicy.Fees f = p.initial(BigInteger.valueOf(300), BigInteger.valueOf(50));
    assertEquals(new FeePolicy.Fees(BigInteger.valueOf(650), BigInteger.valueOf(50)), f);
    FeePolicy.Fees g = p.bump(f);
    assertTrue(p.isReplacement(f, g));
    assertEquals(BigInteger.valueOf(728), g.maxFeePerGas());
    FeePolicy.Fees capped = p.initial(BigInteger.valueOf(10_000), BigInteger.valueOf(10_000));
    assertEquals(new FeePolicy.Fees(BigInteger.valueOf(1000), BigInteger.valueOf(100)), capped);
    assertEquals(capped, p.bump(capped));
    assertTrue(!p.isReplacement(capped, p.bump(capped)), "no replacement possible at the caps");
    assertThrows(
        IllegalArgumentException.class, () -> new FeePolicy(BigInteger.TEN, BigInteger.ONE, 5));
  }

  @Test
  void submitterRotatesByHeightAndFallbacksWaitByRank() {
    SubmitterSchedule s = new SubmitterSchedule(4, Duration.ofSeconds(5));
    assertEquals(1, s.primary(5));
    assertEquals(0, s.rank(1, 5));
    assertEquals(1, s.rank(2, 5));
    assertEquals(3, s.rank(0, 5));
    assertEquals(Duration.ofSeconds(15), s.delay(0, 5));
    assertEquals(Duration.ZERO, s.delay(2, 6));
    for (long h = 0; h < 8; h++) {
      long primaries = 0;
      for (int m = 0; m < 4; m++) {
        primaries += s.rank(m, h) == 0 ? 1 : 0;
      }
      assertEquals(1, primaries);
    }
  }
}
