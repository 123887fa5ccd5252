package io.trestle.relayer.contracts;

import java.util.List;

/**
 * The canonical {@code trestle.v1.BatchAttestation}: what each relayer signs (EIP-712, see {@link
 * Eip712}) so that the gateway of {@code destChainId} accepts {@code root}.
 *
 * @param committeeId deployment id (32 bytes)
 * @param epoch committee epoch
 * @param height committed block height
 * @param root Merkle root of the block's message ids bound for destChainId (32 bytes)
 * @param destChainId EIP-155 id of the destination chain
 */
public record Attestation(
    byte[] committeeId, long epoch, long height, byte[] root, long destChainId) {
  /**
   * @throws IllegalArgumentException if committeeId or root is not 32 bytes
   */
  public Attestation {
    Abi.requireLength(committeeId, Abi.WORD, "committeeId");
    Abi.requireLength(root, Abi.WORD, "root");
    committeeId = committeeId.clone();
    root = root.clone();
  }

  @Override
  public byte[] committeeId() {
    return committeeId.clone();
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  /** abi.encode(attestation): a static tuple, five words. */
  public byte[] encode() {
    return Abi.tuple(
        List.of(
            new Abi.Static(Abi.bytes32(committeeId)),
            new Abi.Static(Abi.uint64(epoch)),
            new Abi.Static(Abi.uint64(height)),
            new Abi.Static(Abi.bytes32(root)),
            new Abi.Static(Abi.uint64(destChainId))));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attestation a
        && java.util.Arrays.equals(committeeId, a.committeeId)
        && epoch == a.epoch
        && height == a.height
        && java.util.Arrays.equals(root, a.root)
        && destChainId == a.destChainId;
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(root) * 31 + Long.hashCode(height);
  }

  @Override
  public String toString() {
    return "Attestation[epoch="
        + epoch
        + ", height="
        + height
        + ", root="
        + GatewayMessage.toHex(root)
        + ", dest="
        + destChainId
        + "]";
  }
}
