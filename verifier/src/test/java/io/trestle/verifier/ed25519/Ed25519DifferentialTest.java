package io.trestle.verifier.ed25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Differential tests against BouncyCastle and the JDK on random inputs where the three policies
 * coincide: 100,000 honestly generated signatures (64 keys, messages of 0-199 bytes) and, for each,
 * one random single-bit corruption of the public key, the message, R or S (none of which lands on a
 * small-order key or a non-canonical encoding except with negligible probability). BouncyCastle
 * checks all 200,000 cases; the JDK verifies only about 900 signatures per second, so it checks a
 * 5,000-case subset. Every 100th signature is also compared byte for byte with BouncyCastle's.
 */
class Ed25519DifferentialTest {
  /** Random valid signatures; each is also checked with one random single-bit corruption. */
  static final int SIGNED = 100_000;

  /** Every JDK_EVERY-th signed message (valid and corrupted) also goes to the JDK: 5,000 cases. */
  static final int JDK_EVERY = 4 * SIGNED / 5_000;

  private final SplittableRandom random = new SplittableRandom(0x5eed_25519L);

  @Test
  void verdictsAgreeWithBouncyCastleAndTheJdk() throws GeneralSecurityException {
    Ed25519KeyPair[] keys = new Ed25519KeyPair[64];
    for (int i = 0; i < keys.length; i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      keys[i] = Ed25519KeyPair.fromSeed(seed);
      assertArrayEquals(Reference.bouncyCastlePublicKey(seed), keys[i].publicKey());
    }
    int cases = 0;
    int accepted = 0;
    for (int i = 0; i < SIGNED; i++) {
      Ed25519KeyPair key = keys[random.nextInt(keys.length)];
      byte[] message = new byte[random.nextInt(0, 200)];
      random.nextBytes(message);
      byte[] signature = key.sign(message);
      if (i % 100 == 0) {
        assertArrayEquals(Reference.bouncyCastleSign(key.seed(), message), signature);
      }
      accepted += check(cases++, key.publicKey(), message, signature, true);
      byte[] pk = key.publicKey();
      byte[] msg = message.clone();
      byte[] sig = signature.clone();
      switch (random.nextInt(4)) {
        case 0 -> flip(pk);
        case 1 -> {
          if (msg.length == 0) {
            msg = new byte[] {(byte) random.nextInt(256)};
          } else {
            flip(msg);
          }
        }
        case 2 -> flip(sig, 0, 32);
        default -> flip(sig, 32, 64);
      }
      accepted += check(cases++, pk, msg, sig, false);
    }
    assertEquals(2 * SIGNED, cases);
    assertEquals(SIGNED, accepted, "exactly the uncorrupted signatures verify");
  }

  private int check(int index, byte[] pk, byte[] msg, byte[] sig, boolean expected) {
    boolean ours = Ed25519.verify(pk, msg, sig);
    String what = Vectors.hex(pk) + " " + Vectors.hex(msg) + " " + Vectors.hex(sig);
    assertEquals(expected, ours, what);
    assertEquals(Reference.bouncyCastleVerify(pk, msg, sig), ours, "BouncyCastle on " + what);
    if (index % JDK_EVERY == 0 || index % JDK_EVERY == 1) {
      assertEquals(Reference.jdkVerify(pk, msg, sig), ours, "JDK on " + what);
    }
    return ours ? 1 : 0;
  }

  private void flip(byte[] b) {
    flip(b, 0, b.length);
  }

  private void flip(byte[] b, int from, int to) {
    int bit = random.nextInt(from * 8, to * 8);
    b[bit >>> 3] ^= (byte) (1 << (bit & 7));
  }
}
