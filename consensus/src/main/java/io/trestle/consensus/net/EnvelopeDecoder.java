package io.trestle.consensus.net;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.trestle.proto.v1.Envelope;
import java.util.List;

/**
 * Parses one frame body into an {@link Envelope}, reading the frame's memory in place. A body that
 * is not a valid Envelope is dropped and counted in {@link NetStats#malformedFrames}; the
 * connection stays open because framing is still intact.
 */
public final class EnvelopeDecoder extends MessageToMessageDecoder<ByteBuf> {
  private final NetStats stats;

  public EnvelopeDecoder(NetStats stats) {
    super(ByteBuf.class);
    this.stats = stats;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    try {
      out.add(Envelope.parseFrom(frame.nioBuffer()));
    } catch (InvalidProtocolBufferException e) {
      stats.malformedFrames.increment();
    }
  }
}
