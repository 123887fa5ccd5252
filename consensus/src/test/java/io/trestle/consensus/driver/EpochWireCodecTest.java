package io.trestle.consensus.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.VoteData;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.core.SafetyRecord;
import io.trestle.consensus.epoch.EpochEnvelope;
import io.trestle.consensus.epoch.EpochSafety;
import io.trestle.consensus.hotstuff.HotStuffMessage;
import io.trestle.consensus.hotstuff.HotStuffSafety;
import io.trestle.consensus.raft.RaftMessage;
import io.trestle.consensus.raft.RaftSafety;
import io.trestle.proto.v1.Envelope;
import io.trestle.proto.v1.ProtocolId;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Raft and epoch-switch messages on the wire and their safety records in the WAL: every kind round
 * trips, and any truncated or mutated payload is either decoded to something or refused with the
 * declared {@link MalformedMessageException} (never another exception).
 */
class EpochWireCodecTest {
  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }

  private static final QuorumCertificate QC =
      new QuorumCertificate(
          new VoteData(filled(32, 1), 0, 4, 3, filled(32, 2), 3, filled(32, 2)),
          new byte[] {0x07},
          List.of(filled(64, 3), filled(64, 4), filled(64, 5)));

  private static final Block BLOCK =
      new Block(
          new BlockHeader(filled(32, 1), 0, 4, 5, filled(32, 2), 4, filled(32, 6), 2, 1, 99),
          List.of(TestCommittees.message(1), TestCommittees.message(2)),
          QC,
          Optional.empty());

  static List<EngineMessage> samples() {
    RaftMessage.CommitVote vote = new RaftMessage.CommitVote(QC.data(), filled(64, 9));
    return List.of(
        new EpochEnvelope.Wrapped(0, new RaftMessage.RequestVote(3, 10, 2)),
        new EpochEnvelope.Wrapped(0, new RaftMessage.VoteReply(3, true)),
        new EpochEnvelope.Wrapped(
            2, new RaftMessage.Append(5, 3, 4, List.of(BLOCK), 3, 2, List.of(QC))),
        new EpochEnvelope.Wrapped(2, new RaftMessage.Append(5, 3, 4, List.of(), 3, 2, List.of())),
        new EpochEnvelope.Wrapped(0, new RaftMessage.AppendReply(5, false, 7, 2, List.of(vote))),
        new EpochEnvelope.Wrapped(1, new HotStuffMessage.Proposal(BLOCK)),
        new EpochEnvelope.Wrapped(1, new HotStuffMessage.EpochChange(QC)),
        new EpochEnvelope.HandoverRequest(17),
        new EpochEnvelope.Handover(List.of(new EpochEnvelope.CommittedBlock(BLOCK, QC))));
  }

  @Test
  void everyMessageKindRoundTrips() throws Exception {
    for (EngineMessage m : samples()) {
      Envelope e = WireCodec.encode(m);
      assertEquals(ProtocolId.PROTOCOL_ID_EPOCH_SEGMENT, e.getProtocol());
      EngineMessage back = WireCodec.decodeAny(e);
      assertEquals(m.getClass(), back.getClass());
      assertEquals(e, WireCodec.encode(back), m.toString());
    }
  }

  @Test
  void hotStuffOnlyDecodeRefusesEpochFrames() {
    Envelope e = WireCodec.encode(samples().getFirst());
    assertThrows(MalformedMessageException.class, () -> WireCodec.decode(e));
  }

  @Test
  void truncatedOrMutatedPayloadsRaiseOnlyTheDeclaredException() {
    SplittableRandom r = new SplittableRandom(11);
    for (EngineMessage m : samples()) {
      byte[] bytes = WireCodec.encode(m).getPayload().toByteArray();
      for (int len = 0; len < bytes.length; len++) {
        check(java.util.Arrays.copyOf(bytes, len));
      }
      for (int i = 0; i < 300; i++) {
        byte[] mutated = bytes.clone();
        mutated[r.nextInt(mutated.length)] ^= (byte) (1 << r.nextInt(8));
        check(mutated);
      }
    }
  }

  private static void check(byte[] payload) {
    Envelope e =
        Envelope.newBuilder()
            .setProtocol(ProtocolId.PROTOCOL_ID_EPOCH_SEGMENT)
            .setPayload(ByteString.copyFrom(payload))
            .build();
    try {
      WireCodec.decodeAny(e);
    } catch (MalformedMessageException expected) {
      // declared
    }
  }

  @Test
  void safetyRecordsRoundTripWithTheirEngine() {
    List<SafetyRecord> inner =
        List.of(new HotStuffSafety(12, QC), new RaftSafety(4, 2, List.of(BLOCK)));
    for (SafetyRecord r : inner) {
      EpochSafety s = new EpochSafety(3, r);
      EpochSafety back = EpochWireCodec.decodeSafety(EpochWireCodec.encodeSafety(s));
      assertEquals(3, back.segment());
      assertEquals(r.getClass(), back.inner().getClass());
      assertArrayEquals(r.encode(), back.inner().encode());
    }
    assertThrows(
        IllegalArgumentException.class, () -> EpochWireCodec.decodeSafety(filled(9, 0xff)));
    assertThrows(
        IllegalArgumentException.class,
        () -> EpochWireCodec.encodeSafety(new HotStuffSafety(1, QC)));
  }
}
