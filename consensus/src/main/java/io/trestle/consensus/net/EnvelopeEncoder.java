package io.trestle.consensus.net;

import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;
import io.trestle.proto.v1.Envelope;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes an {@link Envelope} as one frame (4-byte big-endian length, then the serialized envelope)
 * straight into a pooled direct buffer: protobuf serializes into the buffer's memory, no
 * intermediate array. An envelope over the cap is refused with an {@link EncoderException} (the
 * write's promise fails) rather than sent to a peer that would close the connection.
 */
public final class EnvelopeEncoder extends MessageToByteEncoder<Envelope> {
  private final int maxBody;
  private final NetStats stats;

  public EnvelopeEncoder(int maxBody, NetStats stats) {
    super(Envelope.class, true);
    this.maxBody = maxBody;
    this.stats = stats;
  }

  @Override
  protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Envelope msg, boolean preferDirect) {
    return ctx.alloc().directBuffer(4 + msg.getSerializedSize());
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Envelope msg, ByteBuf out) throws IOException {
    int size = msg.getSerializedSize();
    if (size > maxBody) {
      throw new EncoderException("envelope of " + size + " bytes exceeds the frame cap " + maxBody);
    }
    out.ensureWritable(4 + size);
    out.writeInt(size);
    ByteBuffer body = out.nioBuffer(out.writerIndex(), size);
    CodedOutputStream cos = CodedOutputStream.newInstance(body);
    msg.writeTo(cos);
    cos.checkNoSpaceLeft();
    out.writerIndex(out.writerIndex() + size);
    stats.sent.increment();
    stats.sentBytes.add(4L + size);
  }
}
