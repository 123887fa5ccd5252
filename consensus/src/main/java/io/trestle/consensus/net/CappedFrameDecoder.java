package io.trestle.consensus.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Splits the byte stream into frames of a 4-byte big-endian length followed by that many bytes,
 * emitting each frame's body as a retained slice of the receive buffer (no copy). A length over
 * {@code maxBody} (or negative) is refused from the prefix alone, before any allocation: the frame
 * is counted in {@link NetStats#oversizedFrames} and the connection closed, since the stream can no
 * longer be trusted to be aligned on frames.
 */
public final class CappedFrameDecoder extends LengthFieldBasedFrameDecoder {
  /** Default cap on a frame's body: 8 MiB, a full block of 64 KiB messages fits comfortably. */
  public static final int DEFAULT_MAX_BODY = 8 << 20;

  private final NetStats stats;

  public CappedFrameDecoder(int maxBody, NetStats stats) {
    super(maxBody + 4, 0, 4, 0, 4, true);
    if (maxBody <= 0 || maxBody > Integer.MAX_VALUE - 4) {
      throw new IllegalArgumentException("bad frame cap " + maxBody);
    }
    this.stats = stats;
  }

  @Override
  protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
    if (!ctx.channel().isActive()) {
      in.skipBytes(in.readableBytes());
      return null;
    }
    try {
      return super.decode(ctx, in);
    } catch (TooLongFrameException | CorruptedFrameException e) {
      stats.oversizedFrames.increment();
      in.skipBytes(in.readableBytes());
      ctx.close();
      return null;
    }
  }
}
