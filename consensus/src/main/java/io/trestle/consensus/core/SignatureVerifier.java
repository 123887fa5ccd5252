package io.trestle.consensus.core;

/**
 * Port checking one member's signature over a 32-byte digest. Returns {@code false} for any bad
 * input (wrong lengths, invalid key or signature); never throws. Production uses Ed25519 (the
 * verifier module's policy); the simulator uses a fast deterministic fake for most seeds.
 */
@FunctionalInterface
public interface SignatureVerifier {
  boolean verify(byte[] publicKey, byte[] digest, byte[] signature);
}
