package io.trestle.consensus.driver;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.core.SafetyRecord;
import io.trestle.consensus.epoch.EpochEnvelope;
import io.trestle.consensus.epoch.EpochSafety;
import io.trestle.consensus.hotstuff.HotStuffMessage;
import io.trestle.consensus.hotstuff.HotStuffSafety;
import io.trestle.consensus.raft.RaftMessage;
import io.trestle.consensus.raft.RaftSafety;
import io.trestle.proto.v1.CommittedBlock;
import io.trestle.proto.v1.ConsensusEngine;
import io.trestle.proto.v1.Envelope;
import io.trestle.proto.v1.EpochMessage;
import io.trestle.proto.v1.ProtocolId;
import io.trestle.proto.v1.RaftAppend;
import io.trestle.proto.v1.RaftAppendReply;
import io.trestle.proto.v1.RaftCommitVote;
import io.trestle.proto.v1.RaftRequestVote;
import io.trestle.proto.v1.RaftVoteReply;
import io.trestle.proto.v1.SegmentMessage;
import io.trestle.proto.v1.SegmentSafety;
import java.util.ArrayList;
import java.util.List;

/**
 * Wire and WAL forms of a node that switches engines at epoch boundaries (trestle/v1/raft.proto):
 * every {@link EpochEnvelope} travels as an {@link Envelope} with {@code PROTOCOL_ID_EPOCH_SEGMENT}
 * whose payload is an {@link EpochMessage}; a wrapped HotStuff message keeps its own envelope
 * inside, a Raft message is a {@link io.trestle.proto.v1.RaftMessage}. The safety record {@link
 * EpochSafety} is saved as a {@link SegmentSafety} naming the engine that wrote it, so it decodes
 * without the committee schedule. Decoding is total: any bytes either give a value or throw {@link
 * MalformedMessageException}; content is validated by the engines.
 */
public final class EpochWireCodec {
  private EpochWireCodec() {}

  /** The envelope of an epoch-switching node's message. */
  public static Envelope encode(EpochEnvelope message) {
    EpochMessage.Builder b = EpochMessage.newBuilder();
    switch (message) {
      case EpochEnvelope.Wrapped w -> {
        SegmentMessage.Builder s = SegmentMessage.newBuilder().setSegment(w.segment());
        switch (w.inner()) {
          case HotStuffMessage h -> s.setHotstuff(WireCodec.encode(h));
          case RaftMessage r -> s.setRaft(raft(r));
          default ->
              throw new IllegalArgumentException(
                  "no wire form for " + w.inner().getClass().getName());
        }
        b.setSegment(s);
      }
      case EpochEnvelope.HandoverRequest r ->
          b.setHandoverRequest(
              io.trestle.proto.v1.HandoverRequest.newBuilder().setFromHeight(r.fromHeight()));
      case EpochEnvelope.Handover h -> {
        var hb = io.trestle.proto.v1.Handover.newBuilder();
        for (EpochEnvelope.CommittedBlock cb : h.blocks()) {
          hb.addBlocks(
              CommittedBlock.newBuilder()
                  .setBlock(Canonical.toProto(cb.block()))
                  .setCommitQc(Canonical.toProto(cb.proof())));
        }
        b.setHandover(hb);
      }
    }
    return Envelope.newBuilder()
        .setProtocol(ProtocolId.PROTOCOL_ID_EPOCH_SEGMENT)
        .setPayload(b.build().toByteString())
        .build();
  }

  /** Inverse of {@link #encode}; only for {@code PROTOCOL_ID_EPOCH_SEGMENT} envelopes. */
  public static EpochEnvelope decode(Envelope e) throws MalformedMessageException {
    if (e.getProtocol() != ProtocolId.PROTOCOL_ID_EPOCH_SEGMENT) {
      throw new MalformedMessageException("not an epoch message: " + e.getProtocol());
    }
    try {
      EpochMessage m = EpochMessage.parseFrom(e.getPayload());
      return switch (m.getBodyCase()) {
        case SEGMENT -> {
          SegmentMessage s = m.getSegment();
          EngineMessage inner =
              switch (s.getInnerCase()) {
                case HOTSTUFF -> WireCodec.decode(s.getHotstuff());
                case RAFT -> raft(s.getRaft());
                case INNER_NOT_SET -> throw new MalformedMessageException("empty segment message");
              };
          yield new EpochEnvelope.Wrapped(s.getSegment(), inner);
        }
        case HANDOVER_REQUEST ->
            new EpochEnvelope.HandoverRequest(m.getHandoverRequest().getFromHeight());
        case HANDOVER -> {
          List<EpochEnvelope.CommittedBlock> blocks = new ArrayList<>();
          for (CommittedBlock cb : m.getHandover().getBlocksList()) {
            if (!cb.hasBlock() || !cb.hasCommitQc()) {
              throw new MalformedMessageException("handover block without block or QC");
            }
            blocks.add(
                new EpochEnvelope.CommittedBlock(
                    Canonical.fromProto(cb.getBlock()), Canonical.fromProto(cb.getCommitQc())));
          }
          yield new EpochEnvelope.Handover(blocks);
        }
        case BODY_NOT_SET -> throw new MalformedMessageException("empty epoch message");
      };
    } catch (InvalidProtocolBufferException ex) {
      throw new MalformedMessageException("unparsable epoch message", ex);
    } catch (IllegalArgumentException | NullPointerException ex) {
      throw new MalformedMessageException("invalid epoch message: " + ex.getMessage(), ex);
    }
  }

  static io.trestle.proto.v1.RaftMessage raft(RaftMessage m) {
    var b = io.trestle.proto.v1.RaftMessage.newBuilder();
    switch (m) {
      case RaftMessage.RequestVote r ->
          b.setRequestVote(
              RaftRequestVote.newBuilder()
                  .setTerm(r.term())
                  .setLastIndex(r.lastIndex())
                  .setLastTerm(r.lastTerm()));
      case RaftMessage.VoteReply r ->
          b.setVoteReply(RaftVoteReply.newBuilder().setTerm(r.term()).setGranted(r.granted()));
      case RaftMessage.Append a -> {
        var ab =
            RaftAppend.newBuilder()
                .setTerm(a.term())
                .setPrevIndex(a.prevIndex())
                .setPrevTerm(a.prevTerm())
                .setLeaderCommit(a.leaderCommit())
                .setCertifiedHeight(a.certifiedHeight());
        for (Block block : a.entries()) {
          ab.addEntries(Canonical.toProto(block));
        }
        a.certificates().forEach(qc -> ab.addCertificates(Canonical.toProto(qc)));
        b.setAppend(ab);
      }
      case RaftMessage.AppendReply r -> {
        var rb =
            RaftAppendReply.newBuilder()
                .setTerm(r.term())
                .setSuccess(r.success())
                .setIndex(r.index())
                .setCertifiedHeight(r.certifiedHeight());
        for (RaftMessage.CommitVote v : r.votes()) {
          rb.addVotes(
              RaftCommitVote.newBuilder()
                  .setData(Canonical.toProto(v.data()))
                  .setSignature(Canonical.bytes(v.signature())));
        }
        b.setAppendReply(rb);
      }
    }
    return b.build();
  }

  static RaftMessage raft(io.trestle.proto.v1.RaftMessage m) throws MalformedMessageException {
    return switch (m.getBodyCase()) {
      case REQUEST_VOTE -> {
        var r = m.getRequestVote();
        yield new RaftMessage.RequestVote(r.getTerm(), r.getLastIndex(), r.getLastTerm());
      }
      case VOTE_REPLY ->
          new RaftMessage.VoteReply(m.getVoteReply().getTerm(), m.getVoteReply().getGranted());
      case APPEND -> {
        RaftAppend a = m.getAppend();
        List<Block> entries = new ArrayList<>(a.getEntriesCount());
        for (var block : a.getEntriesList()) {
          entries.add(Canonical.fromProto(block));
        }
        List<io.trestle.canonical.v1.QuorumCertificate> certs = new ArrayList<>();
        for (var qc : a.getCertificatesList()) {
          certs.add(Canonical.fromProto(qc));
        }
        yield new RaftMessage.Append(
            a.getTerm(),
            a.getPrevIndex(),
            a.getPrevTerm(),
            entries,
            a.getLeaderCommit(),
            a.getCertifiedHeight(),
            certs);
      }
      case APPEND_REPLY -> {
        RaftAppendReply r = m.getAppendReply();
        List<RaftMessage.CommitVote> votes = new ArrayList<>(r.getVotesCount());
        for (RaftCommitVote v : r.getVotesList()) {
          if (!v.hasData()) {
            throw new MalformedMessageException("commit vote without data");
          }
          votes.add(
              new RaftMessage.CommitVote(
                  Canonical.fromProto(v.getData()),
                  Canonical.fixed(v.getSignature(), 64, "commit_vote.signature")));
        }
        yield new RaftMessage.AppendReply(
            r.getTerm(), r.getSuccess(), r.getIndex(), r.getCertifiedHeight(), votes);
      }
      case BODY_NOT_SET -> throw new MalformedMessageException("empty raft message");
    };
  }

  /** WAL form of an epoch-switching node's safety record (a {@link SegmentSafety}). */
  public static byte[] encodeSafety(SafetyRecord record) {
    if (!(record instanceof EpochSafety es)) {
      throw new IllegalArgumentException("not an EpochSafety: " + record.getClass().getName());
    }
    ConsensusEngine engine =
        switch (es.inner()) {
          case HotStuffSafety h -> ConsensusEngine.CONSENSUS_ENGINE_HOTSTUFF;
          case RaftSafety r -> ConsensusEngine.CONSENSUS_ENGINE_RAFT;
          default ->
              throw new IllegalArgumentException(
                  "unknown engine record " + es.inner().getClass().getName());
        };
    return SegmentSafety.newBuilder()
        .setSegment(es.segment())
        .setEngine(engine)
        .setRecord(ByteString.copyFrom(es.inner().encode()))
        .build()
        .toByteArray();
  }

  /**
   * Inverse of {@link #encodeSafety}.
   *
   * @throws IllegalArgumentException when the bytes are not a valid record (a corrupt WAL entry)
   */
  public static EpochSafety decodeSafety(byte[] bytes) {
    SegmentSafety s;
    try {
      s = SegmentSafety.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a SegmentSafety record", e);
    }
    byte[] inner = s.getRecord().toByteArray();
    SafetyRecord record =
        switch (s.getEngine()) {
          case CONSENSUS_ENGINE_HOTSTUFF -> HotStuffSafety.decode(inner);
          case CONSENSUS_ENGINE_RAFT -> RaftSafety.decode(inner);
          case UNRECOGNIZED -> throw new IllegalArgumentException("unknown engine in record");
        };
    return new EpochSafety(s.getSegment(), record);
  }
}
