package io.trestle.app;

import com.google.protobuf.ByteString;
import io.trestle.app.ports.NodeLedger;
import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.VoteData;
import io.trestle.db.model.BlockRow;
import io.trestle.db.model.CommittedLeaf;
import io.trestle.db.model.CommitteeRow;
import io.trestle.db.model.NewMessage;
import io.trestle.db.model.ObservationRow;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import io.trestle.verifier.merkle.MerkleTree;
import io.trestle.verifier.quorum.SignerBitmap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Writes messages and blocks through the {@link NodeLedger} port exactly as the consensus adapter
 * would, with real proofs: message ids are {@code hash(message)}, blocks carry the Merkle root of
 * their ids, and commit QCs are Ed25519 signatures of {@code hash(VoteData)} by 3 of a 4-member
 * committee of one epoch.
 */
final class SignedLedger {
  private static final Duration T = Duration.ofSeconds(20);

  private final NodeLedger ledger;
  private final long epoch;
  private final byte[] committeeId = new byte[32];
  private final List<Ed25519KeyPair> keys;

  SignedLedger(NodeLedger ledger, long epoch) {
    this.ledger = ledger;
    this.epoch = epoch;
    Arrays.fill(committeeId, (byte) 0x5a);
    this.keys =
        IntStream.range(0, 4)
            .mapToObj(
                i -> {
                  byte[] seed = new byte[32];
                  Arrays.fill(seed, (byte) (epoch * 4 + i));
                  return Ed25519KeyPair.fromSeed(seed);
                })
            .toList();
  }

  /** Stores the committee of this epoch (members 0..3, weight 1 each). */
  void storeCommittee() {
    var c =
        io.trestle.proto.v1.Committee.newBuilder()
            .setCommitteeId(bytes(committeeId))
            .setEpoch(epoch);
    for (int i = 0; i < keys.size(); i++) {
      c.addMembers(
          io.trestle.proto.v1.Member.newBuilder()
              .setEd25519Key(bytes(keys.get(i).publicKey()))
              .setEvmAddress(bytes(random(20)))
              .setEndpoint("127.0.0.1:" + (7000 + i))
              .setWeight(1));
    }
    ledger.committee(new CommitteeRow(epoch, committeeId, 1, c.build().toByteArray())).block(T);
  }

  /** Stores a newly observed message whose id is its canonical hash. */
  NewMessage observe(byte[] sender) {
    var rnd = ThreadLocalRandom.current();
    CrossChainMessage m =
        new CrossChainMessage(
            31337, random(20), rnd.nextLong(1, 1L << 50), sender, 31338, random(20), random(3));
    NewMessage row =
        new NewMessage(
            m.hash(),
            m.sourceChainId(),
            m.sourceGateway(),
            m.nonce(),
            m.sender(),
            m.destChainId(),
            m.recipient(),
            m.payload());
    ledger
        .observed(
            row,
            new ObservationRow(row.id(), 31337, 100, random(32), random(32), 3, 12, Instant.now()))
        .block(T);
    return row;
  }

  /**
   * Commits a block of {@code messages} at {@code height} with a commit QC signed by members 0..2;
   * with {@code tamper}, one signature has a flipped bit (the proof then must not verify).
   */
  void commit(List<NewMessage> messages, long height, boolean tamper) {
    List<byte[]> ids = messages.stream().map(NewMessage::id).toList();
    MerkleTree tree = MerkleTree.of(ids);
    BlockHeader header =
        new BlockHeader(
            committeeId,
            epoch,
            height,
            height + 1,
            random(32),
            height,
            tree.root(),
            messages.size(),
            0,
            1_764_000_000_000L);
    VoteData vote =
        new VoteData(committeeId, epoch, height + 2, height + 1, random(32), height, header.hash());
    List<byte[]> signatures = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      signatures.add(keys.get(i).sign(vote.hash()));
    }
    if (tamper) {
      signatures.getFirst()[5] ^= 1;
    }
    QuorumCertificate qc =
        new QuorumCertificate(vote, SignerBitmap.encode(new int[] {0, 1, 2}, 4), signatures);
    List<CommittedLeaf> leaves = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      var path =
          io.trestle.proto.v1.MerklePath.newBuilder().setLeafIndex(i).setLeafCount(ids.size());
      tree.path(i).forEach(s -> path.addSiblings(bytes(s)));
      leaves.add(new CommittedLeaf(ids.get(i), i, path.build().toByteArray()));
    }
    ledger
        .committed(
            new BlockRow(
                height,
                header.hash(),
                epoch,
                header.view(),
                header.parentHash(),
                header.payloadRoot(),
                messages.size(),
                0,
                header.timestampMs(),
                proto(header).toByteArray(),
                proto(qc).toByteArray(),
                null),
            leaves)
        .block(T);
  }

  private static io.trestle.proto.v1.BlockHeader proto(BlockHeader h) {
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

  private static io.trestle.proto.v1.QuorumCertificate proto(QuorumCertificate qc) {
    VoteData d = qc.data();
    var b =
        io.trestle.proto.v1.QuorumCertificate.newBuilder()
            .setData(
                io.trestle.proto.v1.VoteData.newBuilder()
                    .setCommitteeId(bytes(d.committeeId()))
                    .setEpoch(d.epoch())
                    .setView(d.view())
                    .setHeight(d.height())
                    .setBlockHash(bytes(d.blockHash()))
                    .setCommitHeight(d.commitHeight())
                    .setCommitHash(bytes(d.commitHash())))
            .setSigners(bytes(qc.signers()));
    qc.signatures().forEach(s -> b.addSignatures(bytes(s)));
    return b.build();
  }

  private static ByteString bytes(byte[] b) {
    return ByteString.copyFrom(b);
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
