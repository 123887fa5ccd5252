package io.trestle.sdk;

import com.google.protobuf.ByteString;
import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.MerklePath;
import io.trestle.canonical.v1.MessageProof;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.VoteData;
import java.util.List;

/**
 * The protobuf transport form of a proof ({@code trestle.v1.MessageProof}) as the canonical records
 * the verifier checks. Field by field, no interpretation: what the node sent is what gets verified.
 */
public final class CanonicalProofs {
  private CanonicalProofs() {}

  /**
   * Converts {@code proof}.
   *
   * @throws IllegalArgumentException if a value does not fit its canonical ABI type (e.g. an
   *     address that is not 20 bytes): such a proof cannot be valid
   */
  public static MessageProof of(io.trestle.proto.v1.MessageProof proof) {
    var m = proof.getMessage();
    var p = proof.getPath();
    var qc = proof.getCommitQc();
    var d = qc.getData();
    return new MessageProof(
        new CrossChainMessage(
            m.getSourceChainId(),
            bytes(m.getSourceGateway()),
            m.getNonce(),
            bytes(m.getSender()),
            m.getDestChainId(),
            bytes(m.getRecipient()),
            bytes(m.getPayload())),
        new MerklePath(p.getLeafIndex(), p.getLeafCount(), list(p.getSiblingsList())),
        header(proof.getHeader()),
        new QuorumCertificate(
            new VoteData(
                bytes(d.getCommitteeId()),
                d.getEpoch(),
                d.getView(),
                d.getHeight(),
                bytes(d.getBlockHash()),
                d.getCommitHeight(),
                bytes(d.getCommitHash())),
            bytes(qc.getSigners()),
            list(qc.getSignaturesList())),
        proof.getDescendantsList().stream().map(CanonicalProofs::header).toList());
  }

  private static BlockHeader header(io.trestle.proto.v1.BlockHeader h) {
    return new BlockHeader(
        bytes(h.getCommitteeId()),
        h.getEpoch(),
        h.getHeight(),
        h.getView(),
        bytes(h.getParentHash()),
        h.getJustifyView(),
        bytes(h.getPayloadRoot()),
        Integer.toUnsignedLong(h.getMessageCount()),
        Integer.toUnsignedLong(h.getProposer()),
        h.getTimestampMs());
  }

  private static byte[] bytes(ByteString b) {
    return b.toByteArray();
  }

  private static List<byte[]> list(List<ByteString> l) {
    return l.stream().map(ByteString::toByteArray).toList();
  }
}
