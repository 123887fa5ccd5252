package io.trestle.relayer.deliver;

import io.trestle.relayer.contracts.Abi;
import java.math.BigInteger;
import java.util.Locale;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

/**
 * A relayer's secp256k1 EVM key: signs EIP-712 digests for gateways (65 bytes r ‖ s ‖ v, low-s, v
 * in {27, 28}) and transactions.
 */
public final class EvmKey {
  private final Credentials credentials;

  private EvmKey(Credentials credentials) {
    this.credentials = credentials;
  }

  /** From a 0x-prefixed or bare hex private key. */
  public static EvmKey fromPrivateKey(String hex) {
    return new EvmKey(Credentials.create(hex));
  }

  /** From a private key scalar. */
  public static EvmKey fromPrivateKey(BigInteger key) {
    return new EvmKey(Credentials.create(ECKeyPair.create(key)));
  }

  /** 0x-prefixed lower-case address. */
  public String address() {
    return credentials.getAddress().toLowerCase(Locale.ROOT);
  }

  /** web3j credentials, for signing transactions. */
  public Credentials credentials() {
    return credentials;
  }

  /** Signs a 32-byte digest as is (no prefix): r ‖ s ‖ v. */
  public byte[] signDigest(byte[] digest) {
    if (digest.length != Abi.WORD) {
      throw new IllegalArgumentException("digest must be 32 bytes");
    }
    Sign.SignatureData sig = Sign.signMessage(digest, credentials.getEcKeyPair(), false);
    return Abi.concat(sig.getR(), sig.getS(), sig.getV());
  }

  @Override
  public String toString() {
    return "EvmKey[" + address() + "]";
  }
}
