package io.trestle.app.node;

import com.google.protobuf.ByteString;
import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.MerklePath;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.VoteData;
import io.trestle.proto.v1.MessageProof;

/** A proof as the API serves it (protobuf) turned into the verifier's canonical record. */
public final class Proofs {
  private Proofs() {}

  public static io.trestle.canonical.v1.MessageProof canonical(MessageProof p) {
    var m = p.getMessage();
    var h = p.getHeader();
    var qc = p.getCommitQc();
    var d = qc.getData();
    return new io.trestle.canonical.v1.MessageProof(
        new CrossChainMessage(
            m.getSourceChainId(),
            m.getSourceGateway().toByteArray(),
            m.getNonce(),
            m.getSender().toByteArray(),
            m.getDestChainId(),
            m.getRecipient().toByteArray(),
            m.getPayload().toByteArray()),
        new MerklePath(
            p.getPath().getLeafIndex(),
            p.getPath().getLeafCount(),
            p.getPath().getSiblingsList().stream().map(ByteString::toByteArray).toList()),
        new BlockHeader(
            h.getCommitteeId().toByteArray(),
            h.getEpoch(),
            h.getHeight(),
            h.getView(),
            h.getParentHash().toByteArray(),
            h.getJustifyView(),
            h.getPayloadRoot().toByteArray(),
            Integer.toUnsignedLong(h.getMessageCount()),
            Integer.toUnsignedLong(h.getProposer()),
            h.getTimestampMs()),
        new QuorumCertificate(
            new VoteData(
                d.getCommitteeId().toByteArray(),
                d.getEpoch(),
                d.getView(),
                d.getHeight(),
                d.getBlockHash().toByteArray(),
                d.getCommitHeight(),
                d.getCommitHash().toByteArray()),
            qc.getSigners().toByteArray(),
            qc.getSignaturesList().stream().map(ByteString::toByteArray).toList()));
  }
}
