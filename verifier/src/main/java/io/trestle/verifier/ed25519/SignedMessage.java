package io.trestle.verifier.ed25519;

import java.util.Objects;

/**
 * One item of a batch: a public key, a message and a signature. The arrays are not copied; callers
 * must not mutate them while a verification that uses them runs.
 */
public record SignedMessage(byte[] publicKey, byte[] message, byte[] signature) {
  public SignedMessage {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
  }
}
