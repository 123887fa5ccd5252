package io.trestle.verifier.proof;

import io.trestle.abi.runtime.AbiDecodeException;
import io.trestle.canonical.v1.CommitteeRotation;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.MessageProof;
import io.trestle.verifier.proof.ProofVerdict.Invalid;
import io.trestle.verifier.proof.ProofVerdict.Reason;
import io.trestle.verifier.quorum.CommitteeView;
import io.trestle.verifier.quorum.InvalidCommitteeException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Committee rotation: how a verifier holding the committee of epoch k accepts the committee of
 * epoch k + 1.
 *
 * <p>A rotation is committed like any message, in a block of epoch k certified by committee k. The
 * rotation message convention ({@link #rotationMessage}): {@code sourceChainId = 0}, {@code
 * sourceGateway}, {@code sender} and {@code recipient} the zero address, {@code destChainId = 0},
 * {@code nonce = next.epoch}, {@code payload = CommitteeRotation.encode()}. No EVM chain has id 0,
 * so no gateway message can take this shape.
 *
 * <p>Thread-safe; never throws on proof content.
 */
public final class CommitteeRotations {
  private static final byte[] ZERO_ADDRESS = new byte[20];

  private final MessageProofVerifier proofs;

  /**
   * @param proofs verification of the proof that carries the rotation message
   */
  public CommitteeRotations(MessageProofVerifier proofs) {
    this.proofs = Objects.requireNonNull(proofs);
  }

  /** The outcome of one rotation step. */
  public sealed interface Step {
    /** The next committee, effective for blocks at and above {@code activationHeight}. */
    record Accepted(CommitteeView next, long activationHeight) implements Step {}

    /** The rotation was not accepted; the verifier keeps its committee. */
    record Rejected(Invalid reason) implements Step {}
  }

  /** The message that carries {@code rotation} by the convention above. */
  public static CrossChainMessage rotationMessage(CommitteeRotation rotation) {
    return new CrossChainMessage(
        0,
        ZERO_ADDRESS.clone(),
        rotation.next().epoch(),
        ZERO_ADDRESS.clone(),
        0,
        ZERO_ADDRESS.clone(),
        rotation.encode());
  }

  /**
   * True iff {@code m} is exactly {@link #rotationMessage}{@code (rotation)}: the convention every
   * node's consensus and every offline verifier apply alike, so that what the committee commits as
   * a rotation is what a verifier holding the old committee accepts.
   */
  public static boolean carries(CrossChainMessage m, CommitteeRotation rotation) {
    return Arrays.equals(rotationMessage(rotation).encode(), m.encode());
  }

  /**
   * Accepts the committee rotation proven by {@code proof} iff: the message follows the rotation
   * convention and its payload decodes as a {@link CommitteeRotation}; {@code proof} is valid under
   * {@code current} ({@link MessageProofVerifier}); the next committee keeps the committee id, has
   * epoch {@code current.epoch + 1} and is a valid committee ({@link CommitteeView#of}); and it
   * activates above the height of the block that commits it.
   */
  public Step verify(MessageProof proof, CommitteeView current) {
    CrossChainMessage m = proof.message();
    if (m.sourceChainId() != 0
        || m.destChainId() != 0
        || !Arrays.equals(m.sourceGateway(), ZERO_ADDRESS)
        || !Arrays.equals(m.sender(), ZERO_ADDRESS)
        || !Arrays.equals(m.recipient(), ZERO_ADDRESS)) {
      return reject(
          Reason.NOT_A_ROTATION,
          "a rotation message has chain ids 0 and zero gateway, sender and recipient");
    }
    CommitteeRotation rotation;
    try {
      rotation = CommitteeRotation.decode(m.payload());
    } catch (AbiDecodeException e) {
      return reject(Reason.NOT_A_ROTATION, "payload is not a CommitteeRotation: " + e.getMessage());
    }
    if (m.nonce() != rotation.next().epoch()) {
      return reject(Reason.NOT_A_ROTATION, "rotation message nonce must be the next epoch");
    }
    ProofVerdict verdict = proofs.verify(proof, current);
    if (verdict instanceof Invalid bad) {
      return new Step.Rejected(bad);
    }
    if (!current.hasId(rotation.next().committeeId())) {
      return reject(Reason.BAD_ROTATION, "next committee has another committee id");
    }
    if (current.epoch() == -1L || rotation.next().epoch() != current.epoch() + 1) {
      return reject(
          Reason.BAD_ROTATION,
          "next committee is of epoch "
              + Long.toUnsignedString(rotation.next().epoch())
              + ", expected "
              + Long.toUnsignedString(current.epoch() + 1));
    }
    if (Long.compareUnsigned(rotation.activationHeight(), proof.header().height()) <= 0) {
      return reject(
          Reason.BAD_ROTATION,
          "activation height "
              + Long.toUnsignedString(rotation.activationHeight())
              + " is not above the committing block's height "
              + Long.toUnsignedString(proof.header().height()));
    }
    try {
      return new Step.Accepted(CommitteeView.of(rotation.next()), rotation.activationHeight());
    } catch (InvalidCommitteeException e) {
      return reject(Reason.BAD_ROTATION, "next committee: " + e.getMessage());
    }
  }

  /**
   * Walks from {@code start} through {@code rotations} in order, each verified by the committee the
   * previous one produced. Returns the last accepted step, or the first rejection (with the index
   * of the failing proof in its detail); with no rotations, {@code start} itself.
   */
  public Step walk(CommitteeView start, List<MessageProof> rotations) {
    Step last = new Step.Accepted(start, 0);
    CommitteeView current = start;
    for (int i = 0; i < rotations.size(); i++) {
      Step s = verify(rotations.get(i), current);
      switch (s) {
        case Step.Rejected r -> {
          return new Step.Rejected(
              new Invalid(r.reason().reason(), "rotation " + i + ": " + r.reason().detail()));
        }
        case Step.Accepted a -> {
          current = a.next();
          last = a;
        }
      }
    }
    return last;
  }

  private static Step reject(Reason reason, String detail) {
    return new Step.Rejected(new Invalid(reason, detail));
  }
}
