package io.trestle.consensus.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import io.trestle.proto.v1.Envelope;
import io.trestle.proto.v1.ProtocolId;
import org.junit.jupiter.api.Test;

/** Each frame handler alone on an {@link EmbeddedChannel}. */
class FrameHandlersTest {
  private final NetStats stats = new NetStats();

  private static Envelope envelope(int payloadBytes) {
    return Envelope.newBuilder()
        .setProtocol(ProtocolId.PROTOCOL_ID_VOTE)
        .setPayload(ByteString.copyFrom(new byte[payloadBytes]))
        .build();
  }

  private static ByteBuf frame(byte[] body) {
    return Unpooled.buffer().writeInt(body.length).writeBytes(body);
  }

  @Test
  void decoderReassemblesAFrameSplitAcrossReads() {
    EmbeddedChannel ch = new EmbeddedChannel(new CappedFrameDecoder(100, stats));
    ByteBuf whole = frame(new byte[] {1, 2, 3, 4, 5});
    assertFalse(ch.writeInbound(whole.readRetainedSlice(3)));
    assertTrue(ch.writeInbound(whole.readRetainedSlice(whole.readableBytes())));
    whole.release();
    ByteBuf body = ch.readInbound();
    assertEquals(5, body.readableBytes());
    assertEquals(1, body.getByte(0));
    body.release();
    assertTrue(ch.isActive());
  }

  @Test
  void oversizedFrameIsRefusedFromItsPrefixAloneAndClosesTheConnection() {
    EmbeddedChannel ch = new EmbeddedChannel(new CappedFrameDecoder(100, stats));
    // Only the 4-byte prefix arrives: the decoder must refuse without waiting for (or allocating)
    // the announced 1 GiB.
    ch.writeInbound(Unpooled.buffer().writeInt(1 << 30));
    assertNull(ch.readInbound());
    assertFalse(ch.isActive());
    assertEquals(1, stats.oversizedFrames.sum());
  }

  @Test
  void frameExactlyAtTheCapPassesAndOneByteMoreDoesNot() {
    EmbeddedChannel ok = new EmbeddedChannel(new CappedFrameDecoder(100, stats));
    ok.writeInbound(frame(new byte[100]));
    ByteBuf b = ok.readInbound();
    assertEquals(100, b.readableBytes());
    b.release();
    EmbeddedChannel tooBig = new EmbeddedChannel(new CappedFrameDecoder(100, stats));
    tooBig.writeInbound(frame(new byte[101]));
    assertNull(tooBig.readInbound());
    assertFalse(tooBig.isActive());
    assertEquals(1, stats.oversizedFrames.sum());
  }

  @Test
  void negativeLengthCountsAsOversized() {
    EmbeddedChannel ch = new EmbeddedChannel(new CappedFrameDecoder(100, stats));
    ch.writeInbound(Unpooled.buffer().writeInt(-5).writeZero(8));
    assertFalse(ch.isActive());
    assertEquals(1, stats.oversizedFrames.sum());
  }

  @Test
  void malformedEnvelopeIsDroppedAndCountedButTheConnectionStays() {
    EmbeddedChannel ch = new EmbeddedChannel(new EnvelopeDecoder(stats));
    // 0xFF.. is an invalid varint tag sequence.
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}));
    assertNull(ch.readInbound());
    assertEquals(1, stats.malformedFrames.sum());
    assertTrue(ch.isActive());
    ch.writeInbound(Unpooled.wrappedBuffer(envelope(3).toByteArray()));
    Envelope e = ch.readInbound();
    assertEquals(ProtocolId.PROTOCOL_ID_VOTE, e.getProtocol());
  }

  @Test
  void encoderWritesLengthPrefixedEnvelopeIntoADirectBuffer() throws Exception {
    EmbeddedChannel ch = new EmbeddedChannel(new EnvelopeEncoder(1000, stats));
    Envelope e = envelope(10);
    assertTrue(ch.writeOutbound(e));
    ByteBuf out = ch.readOutbound();
    assertTrue(out.isDirect());
    assertEquals(e.getSerializedSize(), out.readInt());
    byte[] body = new byte[out.readableBytes()];
    out.readBytes(body);
    out.release();
    assertEquals(e, Envelope.parseFrom(body));
    assertEquals(1, stats.sent.sum());
    assertEquals(4L + e.getSerializedSize(), stats.sentBytes.sum());
  }

  @Test
  void encoderRefusesAnEnvelopeOverTheCap() {
    EmbeddedChannel ch = new EmbeddedChannel(new EnvelopeEncoder(50, stats));
    var f = ch.writeOneOutbound(envelope(100));
    ch.flushOutbound();
    assertTrue(f.cause() instanceof EncoderException);
    assertNull(ch.readOutbound());
  }

  @Test
  void encoderAndDecodersRoundTripThroughOnePipeline() {
    EmbeddedChannel out = new EmbeddedChannel(new EnvelopeEncoder(1 << 16, stats));
    EmbeddedChannel in =
        new EmbeddedChannel(new CappedFrameDecoder(1 << 16, stats), new EnvelopeDecoder(stats));
    for (int size : new int[] {0, 1, 127, 128, 5000}) {
      out.writeOutbound(envelope(size));
      ByteBuf wire = out.readOutbound();
      in.writeInbound(wire);
      Envelope got = in.readInbound();
      assertEquals(envelope(size), got);
    }
  }
}
