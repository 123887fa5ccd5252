package io.trestle.app.node;

import com.google.protobuf.ByteString;
import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.driver.Driver;
import io.trestle.consensus.driver.WireCodec;
import io.trestle.db.model.BlockRow;
import io.trestle.db.model.CommittedLeaf;
import io.trestle.db.model.CommitteeRow;
import io.trestle.db.model.NewMessage;
import io.trestle.db.model.ObservationRow;
import io.trestle.proto.v1.CommittedBlock;
import io.trestle.proto.v1.MerklePath;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.watch.Observation;
import io.trestle.verifier.merkle.MerkleTree;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The relayer node's values as database rows: pure functions, no I/O. Merkle paths come from the
 * verifier's {@link MerkleTree} over the block's message ids, and a block whose recomputed root is
 * not its header's {@code payloadRoot} is refused (its proofs could never verify).
 */
public final class NodeRecords {
  private NodeRecords() {}

  /** A committed block as a row plus one leaf (with its message and Merkle path) per message. */
  public record Commit(BlockRow block, List<CommittedLeaf> leaves) {}

  /** An observation as the message row to insert and the observation evidence. */
  public record Observed(NewMessage message, ObservationRow observation) {}

  /**
   * @throws IllegalArgumentException if the observation's hashes are not 32 bytes of hex
   */
  public static Observed observed(long chainId, Observation o) {
    GatewayMessage g = o.message();
    byte[] id = g.id();
    NewMessage m = message(g.toCanonical(), id);
    ObservationRow row =
        new ObservationRow(
            id,
            chainId,
            o.blockNumber(),
            hash32(o.blockHash(), "block hash"),
            hash32(o.txHash(), "transaction hash"),
            o.logIndex(),
            (int) Math.min(Integer.MAX_VALUE, o.confirmations()),
            Instant.ofEpochMilli(o.observedAtMs()));
    return new Observed(m, row);
  }

  /**
   * @throws IllegalStateException if the block's messages do not hash to its payload root
   */
  public static Commit committed(Driver.Committed c) {
    Block block = c.block();
    CommittedBlock stored = WireCodec.committed(block, c.proof());
    var header = block.header();
    List<byte[]> ids = new ArrayList<>(block.messages().size());
    block.messageIds().forEach(h -> ids.add(h.bytes()));
    MerkleTree tree = MerkleTree.of(ids);
    if (!MessageDigest.isEqual(tree.root(), header.payloadRoot())) {
      throw new IllegalStateException(
          "block " + block.height() + ": messages do not hash to the header's payload root");
    }
    List<CommittedLeaf> leaves = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      MerklePath.Builder path = MerklePath.newBuilder().setLeafIndex(i).setLeafCount(ids.size());
      tree.path(i).forEach(s -> path.addSiblings(ByteString.copyFrom(s)));
      leaves.add(
          new CommittedLeaf(
              ids.get(i),
              i,
              path.build().toByteArray(),
              message(block.messages().get(i), ids.get(i))));
    }
    BlockRow row =
        new BlockRow(
            block.height(),
            block.hash().bytes(),
            header.epoch(),
            header.view(),
            header.parentHash(),
            header.payloadRoot(),
            ids.size(),
            (int) header.proposer(),
            header.timestampMs(),
            stored.getBlock().getHeader().toByteArray(),
            stored.getCommitQc().toByteArray(),
            Instant.ofEpochMilli(c.atMs()));
    return new Commit(row, List.copyOf(leaves));
  }

  /** The committee of an epoch, activated at {@code activationHeight}, as its protobuf row. */
  public static CommitteeRow committee(Committee c, long activationHeight) {
    var b =
        io.trestle.proto.v1.Committee.newBuilder()
            .setCommitteeId(ByteString.copyFrom(c.committeeId()))
            .setEpoch(c.epoch())
            .setEngineValue(c.engine().value());
    for (var m : c.members()) {
      b.addMembers(
          io.trestle.proto.v1.Member.newBuilder()
              .setEd25519Key(ByteString.copyFrom(m.ed25519Key()))
              .setEvmAddress(ByteString.copyFrom(m.evmAddress()))
              .setEndpoint(m.endpoint())
              .setWeight(m.weight()));
    }
    return new CommitteeRow(c.epoch(), c.committeeId(), activationHeight, b.build().toByteArray());
  }

  private static NewMessage message(CrossChainMessage m, byte[] id) {
    return new NewMessage(
        id,
        m.sourceChainId(),
        m.sourceGateway(),
        m.nonce(),
        m.sender(),
        m.destChainId(),
        m.recipient(),
        m.payload());
  }

  /** 32 bytes from 0x-prefixed hex. */
  static byte[] hash32(String hex, String what) {
    byte[] b;
    try {
      b = GatewayMessage.hex(hex);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(what + " is not hex: " + hex, e);
    }
    if (b.length != 32) {
      throw new IllegalArgumentException(what + " must be 32 bytes, got " + b.length);
    }
    return b;
  }
}
