package io.trestle.app.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.trestle.app.service.CorruptRecordException;
import io.trestle.app.service.QueryService;
import io.trestle.db.model.CommitteeRow;
import io.trestle.db.model.MessageRow;
import io.trestle.db.model.StatusChange;
import io.trestle.proto.v1.BlockHeader;
import io.trestle.proto.v1.Committee;
import io.trestle.proto.v1.CrossChainMessage;
import io.trestle.proto.v1.MessageProof;
import io.trestle.proto.v1.QuorumCertificate;
import io.trestle.proto.v1.VoteData;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** JSON resources of the API. Byte strings are {@code 0x}-prefixed lower-case hex. */
final class Views {

  private static final HexFormat HEX = HexFormat.of();

  private Views() {}

  static String hex(byte[] b) {
    return b == null ? null : "0x" + HEX.formatHex(b);
  }

  static String hex(ByteString b) {
    return hex(b.toByteArray());
  }

  /** A message and where it stands. */
  record MessageView(
      String id,
      long sourceChainId,
      String sourceGateway,
      long nonce,
      String sender,
      long destChainId,
      String recipient,
      String payload,
      String status,
      String statusReason,
      Long blockHeight,
      Integer leafIndex,
      Instant observedAt,
      Instant updatedAt) {

    static MessageView of(MessageRow m) {
      return new MessageView(
          hex(m.id()),
          m.sourceChainId(),
          hex(m.sourceGateway()),
          m.nonce(),
          hex(m.sender()),
          m.destChainId(),
          hex(m.recipient()),
          hex(m.payload()),
          m.status().name(),
          m.statusReason(),
          m.blockHeight(),
          m.leafIndex(),
          m.createdAt(),
          m.updatedAt());
    }
  }

  /** One page of messages; {@code next} is the cursor of the following page, null on the last. */
  record MessagePage(List<MessageView> items, String next) {}

  /** A status change, as SSE data. */
  record StatusEventView(long id, String messageId, String status, String reason, Instant at) {
    static StatusEventView of(StatusChange c) {
      return new StatusEventView(c.id(), hex(c.messageId()), c.status().name(), c.reason(), c.at());
    }
  }

  /** A committed block. */
  record BlockView(
      long height,
      String hash,
      long epoch,
      long view,
      String parentHash,
      String payloadRoot,
      int messageCount,
      int proposer,
      long timestampMs,
      Instant committedAt,
      int commitSigners,
      List<String> messageIds) {

    static BlockView of(QueryService.BlockWithMessages bm) {
      var b = bm.block();
      int signers;
      try {
        signers = QuorumCertificate.parseFrom(b.commitQc()).getSignaturesCount();
      } catch (InvalidProtocolBufferException e) {
        throw new CorruptRecordException("commit QC of block " + b.height() + " does not parse", e);
      }
      return new BlockView(
          b.height(),
          hex(b.blockHash()),
          b.epoch(),
          b.view(),
          hex(b.parentHash()),
          hex(b.payloadRoot()),
          b.messageCount(),
          b.proposer(),
          b.timestampMs(),
          b.committedAt(),
          signers,
          bm.messageIds().stream().map(Views::hex).toList());
    }
  }

  /** A committee member. */
  record MemberView(
      int index, String ed25519Key, String evmAddress, String endpoint, long weight) {}

  /** The committee of an epoch. */
  record CommitteeView(
      long epoch,
      String committeeId,
      String engine,
      long activationHeight,
      long totalWeight,
      List<MemberView> members) {

    static CommitteeView of(CommitteeRow row) {
      Committee c;
      try {
        c = Committee.parseFrom(row.committee());
      } catch (InvalidProtocolBufferException e) {
        throw new CorruptRecordException(
            "committee of epoch " + row.epoch() + " does not parse", e);
      }
      var members = new java.util.ArrayList<MemberView>();
      long total = 0;
      for (int i = 0; i < c.getMembersCount(); i++) {
        var m = c.getMembers(i);
        total += m.getWeight();
        members.add(
            new MemberView(
                i, hex(m.getEd25519Key()), hex(m.getEvmAddress()), m.getEndpoint(), m.getWeight()));
      }
      return new CommitteeView(
          row.epoch(),
          hex(row.committeeId()),
          c.getEngine().name(),
          row.activationHeight(),
          total,
          List.copyOf(members));
    }
  }

  /** A chain and how far its watcher is. */
  record ChainView(
      long chainId,
      String name,
      long head,
      long confirmedHeight,
      long lag,
      boolean paused,
      boolean haltedByReorg,
      Instant updatedAt) {

    static ChainView of(QueryService.ChainView c) {
      return new ChainView(
          c.row().chainId(),
          c.row().name(),
          c.head(),
          c.confirmedHeight(),
          c.lag(),
          c.row().paused(),
          c.haltedByReorg(),
          c.row().updatedAt());
    }
  }

  /** JSON form of {@code trestle.v1.MessageProof}. */
  record ProofView(
      CrossChainMessageView message, PathView path, HeaderView header, QcView commitQc) {

    static ProofView of(MessageProof p) {
      return new ProofView(
          CrossChainMessageView.of(p.getMessage()),
          new PathView(
              p.getPath().getLeafIndex(),
              p.getPath().getLeafCount(),
              p.getPath().getSiblingsList().stream().map(Views::hex).toList()),
          HeaderView.of(p.getHeader()),
          QcView.of(p.getCommitQc()));
    }
  }

  record CrossChainMessageView(
      long sourceChainId,
      String sourceGateway,
      long nonce,
      String sender,
      long destChainId,
      String recipient,
      String payload) {
    static CrossChainMessageView of(CrossChainMessage m) {
      return new CrossChainMessageView(
          m.getSourceChainId(),
          hex(m.getSourceGateway()),
          m.getNonce(),
          hex(m.getSender()),
          m.getDestChainId(),
          hex(m.getRecipient()),
          hex(m.getPayload()));
    }
  }

  record PathView(long leafIndex, long leafCount, List<String> siblings) {}

  record HeaderView(
      String committeeId,
      long epoch,
      long height,
      long view,
      String parentHash,
      long justifyView,
      String payloadRoot,
      int messageCount,
      int proposer,
      long timestampMs) {
    static HeaderView of(BlockHeader h) {
      return new HeaderView(
          hex(h.getCommitteeId()),
          h.getEpoch(),
          h.getHeight(),
          h.getView(),
          hex(h.getParentHash()),
          h.getJustifyView(),
          hex(h.getPayloadRoot()),
          h.getMessageCount(),
          h.getProposer(),
          h.getTimestampMs());
    }
  }

  record VoteDataView(
      String committeeId,
      long epoch,
      long view,
      long height,
      String blockHash,
      long commitHeight,
      String commitHash) {
    static VoteDataView of(VoteData d) {
      return new VoteDataView(
          hex(d.getCommitteeId()),
          d.getEpoch(),
          d.getView(),
          d.getHeight(),
          hex(d.getBlockHash()),
          d.getCommitHeight(),
          hex(d.getCommitHash()));
    }
  }

  record QcView(VoteDataView data, String signers, List<String> signatures) {
    static QcView of(QuorumCertificate qc) {
      return new QcView(
          VoteDataView.of(qc.getData()),
          hex(qc.getSigners()),
          qc.getSignaturesList().stream().map(Views::hex).toList());
    }
  }
}
