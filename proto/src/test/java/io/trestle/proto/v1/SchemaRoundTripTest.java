package io.trestle.proto.v1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.util.JsonFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every transport message survives binary and JSON round trips; hostile bytes fail cleanly. */
class SchemaRoundTripTest {

  private static final SplittableRandom RANDOM = new SplittableRandom(20261125);

  record Sample(String name, Message message, Parser<? extends Message> parser) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Sample> samples() {
    var message = Fixtures.message(RANDOM);
    var qc = Fixtures.qc(RANDOM, 3);
    var header = Fixtures.header(RANDOM);
    var block =
        Block.newBuilder()
            .setHeader(header)
            .addMessages(message)
            .setJustify(qc)
            .setTimeoutCertificate(Fixtures.tc(RANDOM, qc))
            .build();
    var proof =
        MessageProof.newBuilder()
            .setMessage(message)
            .setPath(
                MerklePath.newBuilder()
                    .setLeafIndex(2)
                    .setLeafCount(5)
                    .addSiblings(Fixtures.bytes(RANDOM, 32))
                    .addSiblings(Fixtures.bytes(RANDOM, 32)))
            .setHeader(header)
            .setCommitQc(qc)
            .build();
    var committee = Fixtures.committee(RANDOM, 4);
    var envelope =
        Envelope.newBuilder()
            .setProtocol(ProtocolId.PROTOCOL_ID_PROPOSAL)
            .setPayload(Proposal.newBuilder().setBlock(block).build().toByteString())
            .build();
    return Stream.of(
        new Sample("CrossChainMessage", message, CrossChainMessage.parser()),
        new Sample(
            "Observation",
            Observation.newBuilder()
                .setMessage(message)
                .setMessageId(Fixtures.bytes(RANDOM, 32))
                .setBlockNumber(1_000_000)
                .setBlockHash(Fixtures.bytes(RANDOM, 32))
                .setTxHash(Fixtures.bytes(RANDOM, 32))
                .setLogIndex(7)
                .setConfirmations(12)
                .setObservedAtMs(1_764_000_000_000L)
                .build(),
            Observation.parser()),
        new Sample("BlockHeader", header, BlockHeader.parser()),
        new Sample(
            "Vote",
            Vote.newBuilder()
                .setData(qc.getData())
                .setSigner(2)
                .setSignature(Fixtures.bytes(RANDOM, 64))
                .build(),
            Vote.parser()),
        new Sample(
            "Timeout",
            Timeout.newBuilder()
                .setData(
                    TimeoutData.newBuilder()
                        .setCommitteeId(Fixtures.bytes(RANDOM, 32))
                        .setEpoch(1)
                        .setView(9)
                        .setHighQcView(7))
                .setHighQc(qc)
                .setSigner(1)
                .setSignature(Fixtures.bytes(RANDOM, 64))
                .build(),
            Timeout.parser()),
        new Sample("QuorumCertificate", qc, QuorumCertificate.parser()),
        new Sample("TimeoutCertificate", Fixtures.tc(RANDOM, qc), TimeoutCertificate.parser()),
        new Sample("Block", block, Block.parser()),
        new Sample(
            "CommittedBlock",
            CommittedBlock.newBuilder().setBlock(block).setCommitQc(qc).build(),
            CommittedBlock.parser()),
        new Sample("MessageProof", proof, MessageProof.parser()),
        new Sample("Committee", committee, Committee.parser()),
        new Sample(
            "CommitteeRotation",
            CommitteeRotation.newBuilder().setNext(committee).setActivationHeight(100).build(),
            CommitteeRotation.parser()),
        new Sample("Envelope", envelope, Envelope.parser()));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void binaryRoundTripIsLossless(Sample sample) throws Exception {
    byte[] wire = sample.message().toByteArray();
    Message decoded = sample.parser().parseFrom(wire);
    assertEquals(sample.message(), decoded);
    assertArrayEquals(wire, decoded.toByteArray());
  }

  @ParameterizedTest
  @MethodSource("samples")
  void jsonRoundTripIsLossless(Sample sample) throws Exception {
    String json = JsonFormat.printer().print(sample.message());
    Message.Builder builder = sample.message().newBuilderForType();
    JsonFormat.parser().merge(json, builder);
    assertEquals(sample.message(), builder.build());
  }

  @ParameterizedTest
  @MethodSource("samples")
  void unknownFieldsFromANewerPeerArePreserved(Sample sample) throws Exception {
    // A newer relayer adds field 1000 (varint) and 1001 (bytes); an older one must forward them
    // intact.
    UnknownFieldSet future =
        UnknownFieldSet.newBuilder()
            .addField(1000, UnknownFieldSet.Field.newBuilder().addVarint(42).build())
            .addField(
                1001,
                UnknownFieldSet.Field.newBuilder()
                    .addLengthDelimited(ByteString.copyFromUtf8("from the future"))
                    .build())
            .build();
    byte[] newer = sample.message().toBuilder().setUnknownFields(future).build().toByteArray();

    Message older = sample.parser().parseFrom(newer);
    assertEquals(future, older.getUnknownFields());
    assertArrayEquals(newer, older.toByteArray());
  }

  @ParameterizedTest
  @MethodSource("samples")
  void truncatedInputIsRejectedNotHalfParsed(Sample sample) {
    byte[] wire = sample.message().toByteArray();
    // Cutting inside a length-delimited field must throw: never a partial object.
    int rejected = 0;
    for (int cut = 1; cut < wire.length; cut++) {
      byte[] prefix = java.util.Arrays.copyOf(wire, cut);
      try {
        Message partial = sample.parser().parseFrom(prefix);
        // Some prefixes end exactly on a field boundary: those are valid, smaller messages.
        assertFalse(partial.equals(sample.message()), "prefix " + cut + " parsed as the whole");
      } catch (InvalidProtocolBufferException expected) {
        assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
        rejected++;
      }
    }
    assertTrue(rejected > 0, "no truncation of " + sample + " was rejected");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void garbageGivesAClearException(Sample sample) {
    for (byte[] garbage :
        List.of(
            new byte[] {(byte) 0xff},
            new byte[] {0x0a, 0x7f}, // field 1, length 127, no bytes
            new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01},
            new byte[] {0x0b}, // start-group wire type (not allowed in proto3 messages here)
            new byte[] {0x07})) { // invalid wire type 7
      var thrown =
          assertThrows(
              InvalidProtocolBufferException.class, () -> sample.parser().parseFrom(garbage));
      assertFalse(thrown.getMessage().isBlank());
    }
  }
}
