package io.trestle.app.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.trestle.app.service.CorruptRecordException;
import io.trestle.app.service.QueryService;
import io.trestle.db.model.CommitteeRow;
import io.trestle.db.model.MessageRow;
import io.trestle.db.model.StatusChange;
import io.trestle.proto.api.v1.Block;
import io.trestle.proto.api.v1.Chain;
import io.trestle.proto.api.v1.Committee;
import io.trestle.proto.api.v1.Member;
import io.trestle.proto.api.v1.Message;
import io.trestle.proto.api.v1.StatusEvent;
import io.trestle.proto.v1.QuorumCertificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The API's resources ({@code trestle/api/v1}) built from stored rows. Byte strings become {@code
 * 0x}-prefixed lower-case hex (http.proto states the rules of both encodings).
 */
final class Resources {

  private static final HexFormat HEX = HexFormat.of();

  private Resources() {}

  static String hex(byte[] b) {
    return "0x" + HEX.formatHex(b);
  }

  static String hex(ByteString b) {
    return hex(b.toByteArray());
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  static Message.Status status(io.trestle.db.model.MessageStatus s) {
    return Message.Status.valueOf(s.name());
  }

  /** A message with its status history (oldest first; empty for pages). */
  static Message message(MessageRow m, List<StatusChange> history) {
    Message.Builder b =
        Message.newBuilder()
            .setId(hex(m.id()))
            .setSourceChainId(m.sourceChainId())
            .setSourceGateway(hex(m.sourceGateway()))
            .setNonce(m.nonce())
            .setSender(hex(m.sender()))
            .setDestChainId(m.destChainId())
            .setRecipient(hex(m.recipient()))
            .setPayload(hex(m.payload()))
            .setStatus(status(m.status()))
            .setStatusReason(m.statusReason() == null ? "" : m.statusReason());
    if (m.blockHeight() != null) {
      b.setBlockHeight(m.blockHeight());
    }
    if (m.leafIndex() != null) {
      b.setLeafIndex(m.leafIndex());
    }
    if (m.createdAt() != null) {
      b.setObservedAt(timestamp(m.createdAt()));
    }
    if (m.updatedAt() != null) {
      b.setUpdatedAt(timestamp(m.updatedAt()));
    }
    history.forEach(c -> b.addHistory(statusEvent(c)));
    return b.build();
  }

  /** A status change. */
  static StatusEvent statusEvent(StatusChange c) {
    StatusEvent.Builder b =
        StatusEvent.newBuilder()
            .setId(c.id())
            .setMessageId(hex(c.messageId()))
            .setStatus(status(c.status()))
            .setReason(c.reason() == null ? "" : c.reason());
    if (c.at() != null) {
      b.setAt(timestamp(c.at()));
    }
    return b.build();
  }

  /** A committed block with the ids of its messages known here. */
  static Block block(QueryService.BlockWithMessages bm) {
    var b = bm.block();
    int signers;
    try {
      signers = QuorumCertificate.parseFrom(b.commitQc()).getSignaturesCount();
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptRecordException("commit QC of block " + b.height() + " does not parse", e);
    }
    Block.Builder out =
        Block.newBuilder()
            .setHeight(b.height())
            .setHash(hex(b.blockHash()))
            .setEpoch(b.epoch())
            .setView(b.view())
            .setParentHash(hex(b.parentHash()))
            .setPayloadRoot(hex(b.payloadRoot()))
            .setMessageCount(b.messageCount())
            .setProposer(b.proposer())
            .setTimestampMs(b.timestampMs())
            .setCommitSigners(signers);
    if (b.committedAt() != null) {
      out.setCommittedAt(timestamp(b.committedAt()));
    }
    bm.messageIds().forEach(id -> out.addMessageIds(hex(id)));
    return out.build();
  }

  /** The committee of an epoch. */
  static Committee committee(CommitteeRow row) {
    io.trestle.proto.v1.Committee c;
    try {
      c = io.trestle.proto.v1.Committee.parseFrom(row.committee());
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptRecordException("committee of epoch " + row.epoch() + " does not parse", e);
    }
    Committee.Builder out =
        Committee.newBuilder()
            .setEpoch(row.epoch())
            .setCommitteeId(hex(row.committeeId()))
            .setEngine(c.getEngine().name())
            .setActivationHeight(row.activationHeight());
    long total = 0;
    for (int i = 0; i < c.getMembersCount(); i++) {
      var m = c.getMembers(i);
      total += m.getWeight();
      out.addMembers(
          Member.newBuilder()
              .setIndex(i)
              .setEd25519Key(hex(m.getEd25519Key()))
              .setEvmAddress(hex(m.getEvmAddress()))
              .setEndpoint(m.getEndpoint())
              .setWeight(m.getWeight()));
    }
    return out.setTotalWeight(total).build();
  }

  /** A chain and how far its watcher is. */
  static Chain chain(QueryService.ChainView c) {
    Chain.Builder b =
        Chain.newBuilder()
            .setChainId(c.row().chainId())
            .setName(c.row().name())
            .setHead(c.head())
            .setConfirmedHeight(c.confirmedHeight())
            .setLag(c.lag())
            .setPaused(c.row().paused())
            .setHaltedByReorg(c.haltedByReorg());
    if (c.row().updatedAt() != null) {
      b.setUpdatedAt(timestamp(c.row().updatedAt()));
    }
    return b.build();
  }
}
