package io.trestle.relayer.deliver;

import io.trestle.relayer.contracts.Attestation;
import java.time.Duration;
import java.util.List;

/**
 * Gathers committee members' EIP-712 signatures of a batch attestation (over the relayer network in
 * production). Returns what arrived within {@code timeout}; whether that is a quorum is the
 * caller's (and finally the gateway's) business.
 */
public interface SignatureCollector {
  /** One member's signature. */
  record Signed(String signer, byte[] signature) {}

  /** Signatures of the attestation's EIP-712 digest for {@code gateway}. */
  List<Signed> collect(Attestation attestation, String gateway, Duration timeout);
}
