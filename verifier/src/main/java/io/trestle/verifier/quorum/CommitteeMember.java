package io.trestle.verifier.quorum;

import java.util.Arrays;

/**
 * One signer of a committee as the verifier sees it: its Ed25519 identity key (RFC 8032 encoding,
 * 32 bytes) and its voting weight, an unsigned 64-bit integer (ABI {@code uint64}).
 *
 * <p>Immutable: the key is copied in and out.
 */
public record CommitteeMember(byte[] ed25519Key, long weight) {
  /** Copies {@code ed25519Key}; validity is checked by {@link CommitteeView#of}. */
  public CommitteeMember {
    ed25519Key = ed25519Key == null ? null : ed25519Key.clone();
  }

  /** A copy of the 32-byte key. */
  @Override
  public byte[] ed25519Key() {
    return ed25519Key == null ? null : ed25519Key.clone();
  }

  byte[] keyUnsafe() {
    return ed25519Key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CommitteeMember m
        && weight == m.weight
        && Arrays.equals(ed25519Key, m.ed25519Key);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ed25519Key) + Long.hashCode(weight);
  }

  @Override
  public String toString() {
    return "CommitteeMember[key="
        + (ed25519Key == null ? "null" : java.util.HexFormat.of().formatHex(ed25519Key))
        + ", weight="
        + Long.toUnsignedString(weight)
        + "]";
  }
}
