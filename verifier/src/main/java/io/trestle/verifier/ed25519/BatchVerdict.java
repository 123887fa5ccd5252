package io.trestle.verifier.ed25519;

import java.util.BitSet;

/**
 * The outcome of a batch verification: {@code allValid} iff {@code invalid} is empty; {@code
 * invalid} holds the indices (in the input list) of exactly the items that {@link Ed25519#verify}
 * rejects. The bit set is copied in and out, so a verdict is immutable.
 */
public record BatchVerdict(boolean allValid, BitSet invalid) {
  public BatchVerdict {
    invalid = (BitSet) invalid.clone();
    if (allValid != invalid.isEmpty()) {
      throw new IllegalArgumentException("allValid must equal invalid.isEmpty()");
    }
  }

  @Override
  public BitSet invalid() {
    return (BitSet) invalid.clone();
  }
}
