package io.trestle.proto.v1;

import com.google.protobuf.ByteString;
import java.util.SplittableRandom;

/** Random but reproducible schema instances. */
final class Fixtures {
  private Fixtures() {}

  static ByteString bytes(SplittableRandom random, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) random.nextInt(256);
    }
    return ByteString.copyFrom(out);
  }

  static CrossChainMessage message(SplittableRandom random) {
    return CrossChainMessage.newBuilder()
        .setSourceChainId(31337)
        .setSourceGateway(bytes(random, 20))
        .setNonce(random.nextLong(1, Long.MAX_VALUE))
        .setSender(bytes(random, 20))
        .setDestChainId(31338)
        .setRecipient(bytes(random, 20))
        .setPayload(bytes(random, 256))
        .build();
  }

  static BlockHeader header(SplittableRandom random) {
    return BlockHeader.newBuilder()
        .setCommitteeId(bytes(random, 32))
        .setEpoch(3)
        .setHeight(random.nextLong(1, 1 << 40))
        .setView(random.nextLong(1, 1 << 40))
        .setParentHash(bytes(random, 32))
        .setJustifyView(17)
        .setPayloadRoot(bytes(random, 32))
        .setMessageCount(5)
        .setProposer(2)
        .setTimestampMs(1_764_000_000_000L)
        .build();
  }

  static QuorumCertificate qc(SplittableRandom random, int signers) {
    var data =
        VoteData.newBuilder()
            .setCommitteeId(bytes(random, 32))
            .setEpoch(3)
            .setView(18)
            .setHeight(9)
            .setBlockHash(bytes(random, 32))
            .setCommitHeight(8)
            .setCommitHash(bytes(random, 32));
    var qc =
        QuorumCertificate.newBuilder()
            .setData(data)
            .setSigners(ByteString.copyFrom(new byte[] {(byte) ((1 << signers) - 1)}));
    for (int i = 0; i < signers; i++) {
      qc.addSignatures(bytes(random, 64));
    }
    return qc.build();
  }

  static TimeoutCertificate tc(SplittableRandom random, QuorumCertificate highQc) {
    return TimeoutCertificate.newBuilder()
        .setCommitteeId(highQc.getData().getCommitteeId())
        .setEpoch(3)
        .setView(19)
        .setSigners(ByteString.copyFrom(new byte[] {0b0111}))
        .addHighQcViews(18)
        .addHighQcViews(17)
        .addHighQcViews(18)
        .addSignatures(bytes(random, 64))
        .addSignatures(bytes(random, 64))
        .addSignatures(bytes(random, 64))
        .setHighQc(highQc)
        .build();
  }

  static Committee committee(SplittableRandom random, int size) {
    var committee =
        Committee.newBuilder()
            .setCommitteeId(bytes(random, 32))
            .setEpoch(3)
            .setEngine(ConsensusEngine.CONSENSUS_ENGINE_HOTSTUFF);
    for (int i = 0; i < size; i++) {
      committee.addMembers(
          Member.newBuilder()
              .setEd25519Key(bytes(random, 32))
              .setEvmAddress(bytes(random, 20))
              .setEndpoint("127.0.0.1:" + (7000 + i))
              .setWeight(1));
    }
    return committee.build();
  }
}
