package io.trestle.consensus.driver;

import com.google.protobuf.ByteString;
import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.TimeoutCertificate;
import io.trestle.canonical.v1.TimeoutData;
import io.trestle.canonical.v1.VoteData;
import io.trestle.consensus.core.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Field-by-field mapping between the canonical records the engine uses ({@code
 * io.trestle.canonical.v1}, what is hashed and signed) and their protobuf twins ({@code
 * io.trestle.proto.v1}, what travels and is stored). {@code to*} never fails; {@code from*} checks
 * the fixed-size fields (32-byte hashes, 20-byte addresses) and throws {@link
 * MalformedMessageException} otherwise, since the canonical encoding cannot represent them.
 */
final class Canonical {
  private Canonical() {}

  static ByteString bytes(byte[] b) {
    return ByteString.copyFrom(b);
  }

  static byte[] fixed(ByteString b, int len, String field) throws MalformedMessageException {
    if (b.size() != len) {
      throw new MalformedMessageException(field + " must be " + len + " bytes, got " + b.size());
    }
    return b.toByteArray();
  }

  static io.trestle.proto.v1.VoteData toProto(VoteData d) {
    return io.trestle.proto.v1.VoteData.newBuilder()
        .setCommitteeId(bytes(d.committeeId()))
        .setEpoch(d.epoch())
        .setView(d.view())
        .setHeight(d.height())
        .setBlockHash(bytes(d.blockHash()))
        .setCommitHeight(d.commitHeight())
        .setCommitHash(bytes(d.commitHash()))
        .build();
  }

  static VoteData fromProto(io.trestle.proto.v1.VoteData d) throws MalformedMessageException {
    return new VoteData(
        fixed(d.getCommitteeId(), 32, "vote.committee_id"),
        d.getEpoch(),
        d.getView(),
        d.getHeight(),
        fixed(d.getBlockHash(), 32, "vote.block_hash"),
        d.getCommitHeight(),
        fixed(d.getCommitHash(), 32, "vote.commit_hash"));
  }

  static io.trestle.proto.v1.QuorumCertificate toProto(QuorumCertificate qc) {
    var b =
        io.trestle.proto.v1.QuorumCertificate.newBuilder()
            .setData(toProto(qc.data()))
            .setSigners(bytes(qc.signers()));
    qc.signatures().forEach(s -> b.addSignatures(bytes(s)));
    return b.build();
  }

  static QuorumCertificate fromProto(io.trestle.proto.v1.QuorumCertificate qc)
      throws MalformedMessageException {
    if (!qc.hasData()) {
      throw new MalformedMessageException("QC without data");
    }
    List<byte[]> sigs = new ArrayList<>(qc.getSignaturesCount());
    for (ByteString s : qc.getSignaturesList()) {
      sigs.add(fixed(s, 64, "qc.signature"));
    }
    return new QuorumCertificate(fromProto(qc.getData()), qc.getSigners().toByteArray(), sigs);
  }

  static io.trestle.proto.v1.TimeoutData toProto(TimeoutData d) {
    return io.trestle.proto.v1.TimeoutData.newBuilder()
        .setCommitteeId(bytes(d.committeeId()))
        .setEpoch(d.epoch())
        .setView(d.view())
        .setHighQcView(d.highQcView())
        .build();
  }

  static TimeoutData fromProto(io.trestle.proto.v1.TimeoutData d) throws MalformedMessageException {
    return new TimeoutData(
        fixed(d.getCommitteeId(), 32, "timeout.committee_id"),
        d.getEpoch(),
        d.getView(),
        d.getHighQcView());
  }

  static io.trestle.proto.v1.TimeoutCertificate toProto(TimeoutCertificate tc) {
    var b =
        io.trestle.proto.v1.TimeoutCertificate.newBuilder()
            .setCommitteeId(bytes(tc.committeeId()))
            .setEpoch(tc.epoch())
            .setView(tc.view())
            .setSigners(bytes(tc.signers()))
            .addAllHighQcViews(tc.highQcViews())
            .setHighQc(toProto(tc.highQc()));
    tc.signatures().forEach(s -> b.addSignatures(bytes(s)));
    return b.build();
  }

  static TimeoutCertificate fromProto(io.trestle.proto.v1.TimeoutCertificate tc)
      throws MalformedMessageException {
    if (!tc.hasHighQc()) {
      throw new MalformedMessageException("TC without high QC");
    }
    List<byte[]> sigs = new ArrayList<>(tc.getSignaturesCount());
    for (ByteString s : tc.getSignaturesList()) {
      sigs.add(fixed(s, 64, "tc.signature"));
    }
    return new TimeoutCertificate(
        fixed(tc.getCommitteeId(), 32, "tc.committee_id"),
        tc.getEpoch(),
        tc.getView(),
        tc.getSigners().toByteArray(),
        List.copyOf(tc.getHighQcViewsList()),
        sigs,
        fromProto(tc.getHighQc()));
  }

  static io.trestle.proto.v1.BlockHeader toProto(BlockHeader h) {
    return io.trestle.proto.v1.BlockHeader.newBuilder()
        .setCommitteeId(bytes(h.committeeId()))
        .setEpoch(h.epoch())
        .setHeight(h.height())
        .setView(h.view())
        .setParentHash(bytes(h.parentHash()))
        .setJustifyView(h.justifyView())
        .setPayloadRoot(bytes(h.payloadRoot()))
        .setMessageCount((int) h.messageCount())
        .setProposer((int) h.proposer())
        .setTimestampMs(h.timestampMs())
        .build();
  }

  static BlockHeader fromProto(io.trestle.proto.v1.BlockHeader h) throws MalformedMessageException {
    return new BlockHeader(
        fixed(h.getCommitteeId(), 32, "header.committee_id"),
        h.getEpoch(),
        h.getHeight(),
        h.getView(),
        fixed(h.getParentHash(), 32, "header.parent_hash"),
        h.getJustifyView(),
        fixed(h.getPayloadRoot(), 32, "header.payload_root"),
        Integer.toUnsignedLong(h.getMessageCount()),
        Integer.toUnsignedLong(h.getProposer()),
        h.getTimestampMs());
  }

  static io.trestle.proto.v1.CrossChainMessage toProto(CrossChainMessage m) {
    return io.trestle.proto.v1.CrossChainMessage.newBuilder()
        .setSourceChainId(m.sourceChainId())
        .setSourceGateway(bytes(m.sourceGateway()))
        .setNonce(m.nonce())
        .setSender(bytes(m.sender()))
        .setDestChainId(m.destChainId())
        .setRecipient(bytes(m.recipient()))
        .setPayload(bytes(m.payload()))
        .build();
  }

  static CrossChainMessage fromProto(io.trestle.proto.v1.CrossChainMessage m)
      throws MalformedMessageException {
    return new CrossChainMessage(
        m.getSourceChainId(),
        fixed(m.getSourceGateway(), 20, "message.source_gateway"),
        m.getNonce(),
        fixed(m.getSender(), 20, "message.sender"),
        m.getDestChainId(),
        fixed(m.getRecipient(), 20, "message.recipient"),
        m.getPayload().toByteArray());
  }

  static io.trestle.proto.v1.Block toProto(Block b) {
    var pb = io.trestle.proto.v1.Block.newBuilder().setHeader(toProto(b.header()));
    b.messages().forEach(m -> pb.addMessages(toProto(m)));
    pb.setJustify(toProto(b.justify()));
    b.timeoutCertificate().ifPresent(tc -> pb.setTimeoutCertificate(toProto(tc)));
    return pb.build();
  }

  static Block fromProto(io.trestle.proto.v1.Block b) throws MalformedMessageException {
    if (!b.hasHeader() || !b.hasJustify()) {
      throw new MalformedMessageException("block without header or justify QC");
    }
    List<CrossChainMessage> msgs = new ArrayList<>(b.getMessagesCount());
    for (var m : b.getMessagesList()) {
      msgs.add(fromProto(m));
    }
    Optional<TimeoutCertificate> tc =
        b.hasTimeoutCertificate()
            ? Optional.of(fromProto(b.getTimeoutCertificate()))
            : Optional.empty();
    return new Block(fromProto(b.getHeader()), msgs, fromProto(b.getJustify()), tc);
  }
}
