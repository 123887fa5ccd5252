package io.trestle.verifier.proof;

import java.util.HexFormat;
import java.util.Objects;

/** Outcome of a message proof check: {@link Valid} or {@link Invalid} with a typed reason. */
public sealed interface ProofVerdict {

  /** True for {@link Valid}. */
  default boolean isValid() {
    return this instanceof Valid;
  }

  /** The message with id {@code messageId} was committed at {@code height} in {@code epoch}. */
  record Valid(byte[] messageId, long height, long epoch) implements ProofVerdict {
    public Valid {
      messageId = messageId.clone();
    }

    @Override
    public byte[] messageId() {
      return messageId.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Valid v
          && height == v.height
          && epoch == v.epoch
          && java.util.Arrays.equals(messageId, v.messageId);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(messageId) * 31 + Long.hashCode(height);
    }

    @Override
    public String toString() {
      return "message "
          + HexFormat.of().formatHex(messageId)
          + " committed at height "
          + Long.toUnsignedString(height)
          + " of epoch "
          + Long.toUnsignedString(epoch);
    }
  }

  /** The proof proves nothing; {@code detail} is one human-readable line. */
  record Invalid(Reason reason, String detail) implements ProofVerdict {
    public Invalid {
      Objects.requireNonNull(reason);
      Objects.requireNonNull(detail);
    }

    @Override
    public String toString() {
      return reason + ": " + detail;
    }
  }

  /** Why a proof was rejected. */
  enum Reason {
    /** The header names another deployment than the committee's. */
    WRONG_COMMITTEE,
    /** The header's epoch is not the committee's. */
    WRONG_EPOCH,
    /** The Merkle path has an impossible position or the wrong number of siblings. */
    MALFORMED_PATH,
    /** The path's leaf count is not the header's message count. */
    LEAF_COUNT_MISMATCH,
    /** The path does not lead from the message id to the header's payload root. */
    NOT_IN_BLOCK,
    /**
     * A descendant header is of another committee or epoch, not at the next height, or does not
     * name the header before it as its parent.
     */
    BROKEN_CHAIN,
    /** hash(header), or of its last descendant, is not the commit QC's commit hash. */
    HEADER_NOT_COMMITTED,
    /**
     * The height of the header, or of its last descendant, is not the commit QC's commit height.
     */
    HEIGHT_MISMATCH,
    /**
     * The commit QC is not a valid certificate of the committee (detail: the certificate reason).
     */
    CERTIFICATE,
    /** The message does not follow the committee rotation convention. */
    NOT_A_ROTATION,
    /** The rotation message is committed but its content is not an acceptable next committee. */
    BAD_ROTATION
  }
}
