package io.trestle.relayer.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;

/**
 * EIP-712 digests of the structs a TrestleGateway checks with ecrecover. Domain: name "Trestle",
 * version "1", the destination chain id and the gateway address (EIP-712 "Definition of
 * domainSeparator"); digest = keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(s)).
 */
public final class Eip712 {
  static final byte[] DOMAIN_TYPEHASH =
      typeHash(
          "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
  static final byte[] BATCH_TYPEHASH =
      typeHash(
          "BatchAttestation(bytes32 committeeId,uint64 epoch,uint64 height,bytes32 root,"
              + "uint64 destChainId)");
  static final byte[] ROTATION_TYPEHASH =
      typeHash(
          "CommitteeRotation(bytes32 committeeId,uint64 newEpoch,address[] members,uint64[] weights)");
  static final byte[] PAUSE_TYPEHASH =
      typeHash("PauseChange(bytes32 committeeId,uint64 epoch,uint64 pauseNonce,bool paused)");

  private Eip712() {}

  private static byte[] typeHash(String type) {
    return Abi.keccak(type.getBytes(UTF_8));
  }

  /** The gateway's domain separator. */
  public static byte[] domainSeparator(long chainId, String gateway) {
    return Abi.keccak(
        DOMAIN_TYPEHASH,
        Abi.keccak("Trestle".getBytes(UTF_8)),
        Abi.keccak("1".getBytes(UTF_8)),
        Abi.uint64(chainId),
        Abi.address(GatewayMessage.hex(GatewayMessage.normalizeAddress(gateway))));
  }

  /** Digest signed for submitBatch; the attestation's destChainId is the domain's chain id. */
  public static byte[] batchDigest(Attestation a, String gateway) {
    byte[] structHash = Abi.keccak(BATCH_TYPEHASH, a.encode());
    return digest(domainSeparator(a.destChainId(), gateway), structHash);
  }

  /** Digest signed for rotateCommittee to the committee of {@code newEpoch}. */
  public static byte[] rotationDigest(
      long chainId,
      String gateway,
      byte[] committeeId,
      long newEpoch,
      List<String> members,
      List<Long> weights) {
    List<byte[]> memberWords = new ArrayList<>();
    members.forEach(m -> memberWords.add(Abi.address(GatewayMessage.hex(m))));
    List<byte[]> weightWords = new ArrayList<>();
    weights.forEach(w -> weightWords.add(Abi.uint64(w)));
    byte[] structHash =
        Abi.keccak(
            ROTATION_TYPEHASH,
            Abi.bytes32(committeeId),
            Abi.uint64(newEpoch),
            Abi.keccak(memberWords.toArray(byte[][]::new)),
            Abi.keccak(weightWords.toArray(byte[][]::new)));
    return digest(domainSeparator(chainId, gateway), structHash);
  }

  /** Digest signed for setPaused. */
  public static byte[] pauseDigest(
      long chainId,
      String gateway,
      byte[] committeeId,
      long epoch,
      long pauseNonce,
      boolean paused) {
    byte[] structHash =
        Abi.keccak(
            PAUSE_TYPEHASH,
            Abi.bytes32(committeeId),
            Abi.uint64(epoch),
            Abi.uint64(pauseNonce),
            Abi.bool(paused));
    return digest(domainSeparator(chainId, gateway), structHash);
  }

  static byte[] digest(byte[] domainSeparator, byte[] structHash) {
    return Abi.keccak(new byte[] {0x19, 0x01}, domainSeparator, structHash);
  }
}
