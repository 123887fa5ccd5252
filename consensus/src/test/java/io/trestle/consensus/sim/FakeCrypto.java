package io.trestle.consensus.sim;

import io.trestle.consensus.core.SignatureVerifier;
import io.trestle.consensus.core.Signer;
import java.util.Arrays;

/**
 * A fast deterministic stand-in for Ed25519 used by most simulator seeds: signature = (digest XOR
 * publicKey) ‖ 32 zero bytes. It is unforgeable only by convention (the Byzantine strategies never
 * use another node's key), which is all the simulation needs; {@code RealCryptoSimulationTest} runs
 * seeds with real Ed25519.
 */
public final class FakeCrypto {
  private FakeCrypto() {}

  public static Signer signer(byte[] publicKey) {
    byte[] key = publicKey.clone();
    return digest -> {
      byte[] sig = new byte[64];
      for (int i = 0; i < 32; i++) {
        sig[i] = (byte) (digest[i] ^ key[i]);
      }
      return sig;
    };
  }

  public static final SignatureVerifier VERIFIER =
      (publicKey, digest, signature) -> {
        if (publicKey == null || digest == null || signature == null) {
          return false;
        }
        if (publicKey.length != 32 || digest.length != 32 || signature.length != 64) {
          return false;
        }
        for (int i = 0; i < 32; i++) {
          if ((byte) (digest[i] ^ publicKey[i]) != signature[i]) {
            return false;
          }
        }
        return Arrays.equals(signature, 32, 64, new byte[32], 0, 32);
      };
}
