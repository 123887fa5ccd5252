package io.trestle.consensus.core;

/**
 * Port holding this replica's identity key. Signs a 32-byte digest (hash(VoteData) or
 * hash(TimeoutData)) and returns a 64-byte signature. Must be deterministic (Ed25519 is, RFC 8032
 * §5.1.6) so that a replayed run produces the same messages.
 */
@FunctionalInterface
public interface Signer {
  byte[] sign(byte[] digest);
}
