package io.trestle.app.service;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.trestle.db.BlockRepository;
import io.trestle.db.MessageRepository;
import io.trestle.db.model.BlockRow;
import io.trestle.db.model.MessageRow;
import io.trestle.proto.v1.BlockHeader;
import io.trestle.proto.v1.CrossChainMessage;
import io.trestle.proto.v1.MerklePath;
import io.trestle.proto.v1.MessageProof;
import io.trestle.proto.v1.QuorumCertificate;
import io.trestle.proto.v1.VoteData;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Assembles a committed message's proof from stored rows: message, Merkle path, block header, the
 * block's commit QC and, when that QC commits a descendant (the block was committed together with
 * it after a view change), the headers from the block up to that descendant.
 *
 * <p>The stored rows are checked to link up (parent hashes, the QC's commit hash and height) before
 * a proof is served, so the node never serves a proof that cannot verify; a stored QC that commits
 * neither the block nor a descendant is a {@link CorruptRecordException}. Signatures are not
 * checked here: the node stored only QCs it verified, and the client verifies the proof anyway.
 */
@Service
public class ProofService {

  private final MessageRepository messages;
  private final BlockRepository blocks;

  public ProofService(MessageRepository messages, BlockRepository blocks) {
    this.messages = messages;
    this.blocks = blocks;
  }

  /** Outcome of a proof request. */
  public sealed interface ProofResult {
    /** The message is committed: here is its proof. */
    record Found(MessageProof proof) implements ProofResult {}

    /** The message exists but no block holds it yet. */
    record NotCommitted(MessageRow message) implements ProofResult {}

    /**
     * The block's commit QC names a descendant at {@code commitHeight} whose blocks are not all
     * stored yet (the node stores the blocks of one commit one after another): retry shortly.
     */
    record ChainIncomplete(long blockHeight, long commitHeight) implements ProofResult {}
  }

  /** The proof of the message with {@code id}; empty when the message is unknown. */
  public Mono<ProofResult> proof(byte[] id) {
    return messages
        .findById(id)
        .flatMap(
            m ->
                m.blockHeight() == null
                    ? Mono.just(new ProofResult.NotCommitted(m))
                    : blocks.findByHeight(m.blockHeight()).flatMap(b -> proofOf(m, b)));
  }

  private Mono<ProofResult> proofOf(MessageRow m, BlockRow b) {
    MessageProof direct = assemble(m, b);
    VoteData committed = direct.getCommitQc().getData();
    long commitHeight = committed.getCommitHeight();
    if (commitHeight == b.height()) {
      requireCommits(committed, b);
      return Mono.just(new ProofResult.Found(direct));
    }
    if (Long.compareUnsigned(commitHeight, b.height()) < 0) {
      throw corrupt(b, "commits the lower height " + commitHeight);
    }
    return blocks
        .findRange(b.height() + 1, commitHeight)
        .collectList()
        .map(
            chain -> {
              if (chain.size() != commitHeight - b.height()) {
                return new ProofResult.ChainIncomplete(b.height(), commitHeight);
              }
              requireLinked(b, chain);
              requireCommits(committed, chain.getLast());
              MessageProof.Builder proof = direct.toBuilder();
              chain.forEach(d -> proof.addDescendants(header(d)));
              return new ProofResult.Found(proof.build());
            });
  }

  /** Each stored block names the one before it as its parent. */
  private static void requireLinked(BlockRow b, List<BlockRow> chain) {
    BlockRow parent = b;
    for (BlockRow next : chain) {
      if (next.height() != parent.height() + 1
          || !Arrays.equals(next.parentHash(), parent.blockHash())) {
        throw corrupt(
            b, "names a descendant, but stored block " + next.height() + " does not link");
      }
      parent = next;
    }
  }

  private static void requireCommits(VoteData committed, BlockRow b) {
    if (committed.getCommitHeight() != b.height()
        || !Arrays.equals(committed.getCommitHash().toByteArray(), b.blockHash())) {
      throw corrupt(b, "does not commit block " + b.height());
    }
  }

  private static CorruptRecordException corrupt(BlockRow b, String what) {
    return new CorruptRecordException("stored commit QC of block " + b.height() + " " + what, null);
  }

  private static MessageProof assemble(MessageRow m, BlockRow b) {
    try {
      return MessageProof.newBuilder()
          .setMessage(
              CrossChainMessage.newBuilder()
                  .setSourceChainId(m.sourceChainId())
                  .setSourceGateway(ByteString.copyFrom(m.sourceGateway()))
                  .setNonce(m.nonce())
                  .setSender(ByteString.copyFrom(m.sender()))
                  .setDestChainId(m.destChainId())
                  .setRecipient(ByteString.copyFrom(m.recipient()))
                  .setPayload(ByteString.copyFrom(m.payload())))
          .setPath(MerklePath.parseFrom(m.merklePath()))
          .setHeader(BlockHeader.parseFrom(b.header()))
          .setCommitQc(QuorumCertificate.parseFrom(b.commitQc()))
          .build();
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptRecordException(
          "stored proof parts of block " + b.height() + " do not parse: " + e.getMessage(), e);
    }
  }

  private static BlockHeader header(BlockRow b) {
    try {
      return BlockHeader.parseFrom(b.header());
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptRecordException(
          "stored header of block " + b.height() + " does not parse: " + e.getMessage(), e);
    }
  }
}
