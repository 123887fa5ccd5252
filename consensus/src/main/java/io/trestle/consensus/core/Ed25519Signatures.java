package io.trestle.consensus.core;

import io.trestle.verifier.ed25519.Ed25519;
import io.trestle.verifier.ed25519.Ed25519KeyPair;

/**
 * The production crypto ports over the verifier's Ed25519 (its single consensus policy: canonical
 * encodings, S &lt; L, cofactored verification).
 */
public final class Ed25519Signatures {
  private Ed25519Signatures() {}

  /** Verifies with {@link Ed25519#verify}; false for any malformed input. */
  public static final SignatureVerifier VERIFIER = Ed25519::verify;

  /** Signs digests with {@code key} (RFC 8032 §5.1.6, deterministic). */
  public static Signer signer(Ed25519KeyPair key) {
    return key::sign;
  }
}
