package io.trestle.consensus.driver;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.epoch.EpochEnvelope;
import io.trestle.consensus.hotstuff.HotStuffMessage;
import io.trestle.proto.v1.CommittedBlock;
import io.trestle.proto.v1.Envelope;
import io.trestle.proto.v1.ProtocolId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Encodes the engine's messages as wire {@link Envelope}s and back. Each {@link ProtocolId} names
 * the protobuf in the payload: PROPOSAL → {@code Proposal}, VOTE → {@code Vote}, TIMEOUT → {@code
 * TimeoutMessage}, SYNC_REQUEST/SYNC_RESPONSE → {@code SyncRequest}/{@code SyncResponse},
 * EPOCH_CHANGE → {@code EpochChange}; EPOCH_SEGMENT → {@code EpochMessage} (an epoch-switching
 * node, {@link EpochWireCodec}). Decoding is total: any envelope either yields a message or throws
 * {@link MalformedMessageException}; the content is not validated (the engine does that).
 */
public final class WireCodec {
  private WireCodec() {}

  public static Envelope encode(EngineMessage message) {
    return encode(message, null);
  }

  /** As {@link #encode(EngineMessage)}; a proposal's block protobuf is remembered in {@code pb}. */
  static Envelope encode(EngineMessage message, ProtoBlocks pb) {
    if (message instanceof EpochEnvelope epoch) {
      return EpochWireCodec.encode(epoch);
    }
    if (!(message instanceof HotStuffMessage m)) {
      throw new IllegalArgumentException("no wire form for " + message.getClass().getName());
    }
    return switch (m) {
      case HotStuffMessage.Proposal p -> {
        io.trestle.proto.v1.Block block = Canonical.toProto(p.block());
        if (pb != null) {
          pb.put(p.block(), block);
        }
        yield envelope(
            ProtocolId.PROTOCOL_ID_PROPOSAL,
            io.trestle.proto.v1.Proposal.newBuilder().setBlock(block).build().toByteString());
      }
      case HotStuffMessage.Vote v ->
          envelope(
              ProtocolId.PROTOCOL_ID_VOTE,
              io.trestle.proto.v1.Vote.newBuilder()
                  .setData(Canonical.toProto(v.data()))
                  .setSigner(v.signer())
                  .setSignature(Canonical.bytes(v.signature()))
                  .build()
                  .toByteString());
      case HotStuffMessage.Timeout t -> {
        var timeout =
            io.trestle.proto.v1.Timeout.newBuilder()
                .setData(Canonical.toProto(t.data()))
                .setHighQc(Canonical.toProto(t.highQc()))
                .setSigner(t.signer())
                .setSignature(Canonical.bytes(t.signature()));
        var tm = io.trestle.proto.v1.TimeoutMessage.newBuilder().setTimeout(timeout);
        t.lastTc().ifPresent(tc -> tm.setLastTc(Canonical.toProto(tc)));
        yield envelope(ProtocolId.PROTOCOL_ID_TIMEOUT, tm.build().toByteString());
      }
      case HotStuffMessage.SyncRequest r ->
          envelope(
              ProtocolId.PROTOCOL_ID_SYNC_REQUEST,
              io.trestle.proto.v1.SyncRequest.newBuilder()
                  .setFromHeight(r.fromHeight())
                  .setMaxBlocks(r.maxBlocks())
                  .setTarget(Canonical.bytes(r.target().bytes()))
                  .build()
                  .toByteString());
      case HotStuffMessage.SyncResponse r -> {
        var b = io.trestle.proto.v1.SyncResponse.newBuilder();
        for (Block block : r.blocks()) {
          b.addBlocks(CommittedBlock.newBuilder().setBlock(Canonical.toProto(block)));
        }
        r.commitProof().ifPresent(qc -> b.setCommitProof(Canonical.toProto(qc)));
        yield envelope(ProtocolId.PROTOCOL_ID_SYNC_RESPONSE, b.build().toByteString());
      }
      case HotStuffMessage.EpochChange e ->
          envelope(
              ProtocolId.PROTOCOL_ID_EPOCH_CHANGE,
              io.trestle.proto.v1.EpochChange.newBuilder()
                  .setBoundaryQc(Canonical.toProto(e.boundaryQc()))
                  .build()
                  .toByteString());
    };
  }

  private static Envelope envelope(ProtocolId id, ByteString payload) {
    return Envelope.newBuilder().setProtocol(id).setPayload(payload).build();
  }

  public static HotStuffMessage decode(Envelope e) throws MalformedMessageException {
    return decode(e, null);
  }

  /**
   * Any engine message: HotStuff's protocols as {@link #decode(Envelope)}, {@code
   * PROTOCOL_ID_EPOCH_SEGMENT} as {@link EpochWireCodec#decode}.
   */
  public static EngineMessage decodeAny(Envelope e) throws MalformedMessageException {
    return decodeAny(e, null);
  }

  static EngineMessage decodeAny(Envelope e, ProtoBlocks pb) throws MalformedMessageException {
    return e.getProtocol() == ProtocolId.PROTOCOL_ID_EPOCH_SEGMENT
        ? EpochWireCodec.decode(e)
        : decode(e, pb);
  }

  /** As {@link #decode(Envelope)}; a proposal's block protobuf is remembered in {@code pb}. */
  static HotStuffMessage decode(Envelope e, ProtoBlocks pb) throws MalformedMessageException {
    try {
      return switch (e.getProtocol()) {
        case PROTOCOL_ID_PROPOSAL -> {
          var p = io.trestle.proto.v1.Proposal.parseFrom(e.getPayload());
          if (!p.hasBlock()) {
            throw new MalformedMessageException("proposal without block");
          }
          Block block = Canonical.fromProto(p.getBlock());
          if (pb != null) {
            pb.put(block, p.getBlock());
          }
          yield new HotStuffMessage.Proposal(block);
        }
        case PROTOCOL_ID_VOTE -> {
          var v = io.trestle.proto.v1.Vote.parseFrom(e.getPayload());
          if (!v.hasData()) {
            throw new MalformedMessageException("vote without data");
          }
          yield new HotStuffMessage.Vote(
              Canonical.fromProto(v.getData()),
              v.getSigner(),
              Canonical.fixed(v.getSignature(), 64, "vote.signature"));
        }
        case PROTOCOL_ID_TIMEOUT -> {
          var tm = io.trestle.proto.v1.TimeoutMessage.parseFrom(e.getPayload());
          var t = tm.getTimeout();
          if (!tm.hasTimeout() || !t.hasData() || !t.hasHighQc()) {
            throw new MalformedMessageException("timeout without data or high QC");
          }
          yield new HotStuffMessage.Timeout(
              Canonical.fromProto(t.getData()),
              Canonical.fromProto(t.getHighQc()),
              tm.hasLastTc() ? Optional.of(Canonical.fromProto(tm.getLastTc())) : Optional.empty(),
              t.getSigner(),
              Canonical.fixed(t.getSignature(), 64, "timeout.signature"));
        }
        case PROTOCOL_ID_SYNC_REQUEST -> {
          var r = io.trestle.proto.v1.SyncRequest.parseFrom(e.getPayload());
          yield new HotStuffMessage.SyncRequest(
              r.getFromHeight(),
              Hash32.of(Canonical.fixed(r.getTarget(), 32, "sync.target")),
              r.getMaxBlocks());
        }
        case PROTOCOL_ID_SYNC_RESPONSE -> {
          var r = io.trestle.proto.v1.SyncResponse.parseFrom(e.getPayload());
          List<Block> blocks = new ArrayList<>(r.getBlocksCount());
          for (CommittedBlock cb : r.getBlocksList()) {
            blocks.add(Canonical.fromProto(cb.getBlock()));
          }
          yield new HotStuffMessage.SyncResponse(
              blocks,
              r.hasCommitProof()
                  ? Optional.of(Canonical.fromProto(r.getCommitProof()))
                  : Optional.empty());
        }
        case PROTOCOL_ID_EPOCH_CHANGE -> {
          var ec = io.trestle.proto.v1.EpochChange.parseFrom(e.getPayload());
          if (!ec.hasBoundaryQc()) {
            throw new MalformedMessageException("epoch change without QC");
          }
          yield new HotStuffMessage.EpochChange(Canonical.fromProto(ec.getBoundaryQc()));
        }
        case PROTOCOL_ID_UNSPECIFIED,
            PROTOCOL_ID_ATTESTATION,
            PROTOCOL_ID_EPOCH_SEGMENT,
            UNRECOGNIZED ->
            throw new MalformedMessageException("not a consensus protocol: " + e.getProtocol());
      };
    } catch (InvalidProtocolBufferException ex) {
      throw new MalformedMessageException("unparsable " + e.getProtocol() + " payload", ex);
    } catch (IllegalArgumentException | NullPointerException ex) {
      throw new MalformedMessageException(
          "invalid " + e.getProtocol() + ": " + ex.getMessage(), ex);
    }
  }

  /** The protobuf stored in the block store for a committed block and its proof. */
  public static CommittedBlock committed(
      Block block, io.trestle.canonical.v1.QuorumCertificate qc) {
    return CommittedBlock.newBuilder()
        .setBlock(Canonical.toProto(block))
        .setCommitQc(Canonical.toProto(qc))
        .build();
  }

  /**
   * As {@link #committed(Block, io.trestle.canonical.v1.QuorumCertificate)}, reusing {@code pb}.
   */
  static CommittedBlock committed(
      Block block, io.trestle.canonical.v1.QuorumCertificate qc, ProtoBlocks pb) {
    return CommittedBlock.newBuilder()
        .setBlock(pb.of(block))
        .setCommitQc(Canonical.toProto(qc))
        .build();
  }

  public static Block block(CommittedBlock cb) throws MalformedMessageException {
    return Canonical.fromProto(cb.getBlock());
  }

  public static io.trestle.canonical.v1.QuorumCertificate proof(CommittedBlock cb)
      throws MalformedMessageException {
    return Canonical.fromProto(cb.getCommitQc());
  }
}
