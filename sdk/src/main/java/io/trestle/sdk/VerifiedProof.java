package io.trestle.sdk;

import io.trestle.proto.v1.MessageProof;
import io.trestle.verifier.proof.ProofVerdict;

/**
 * A proof that passed local verification: the message was committed at {@code verdict.height()} of
 * {@code verdict.epoch()} by the committee the caller supplied.
 *
 * @param proof the proof as the node sent it (keep it: anyone can check it again offline)
 * @param verdict the verifier's verdict
 */
public record VerifiedProof(MessageProof proof, ProofVerdict.Valid verdict) {}
