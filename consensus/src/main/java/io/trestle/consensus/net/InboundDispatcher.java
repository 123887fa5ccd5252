package io.trestle.consensus.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * Last inbound handler: hands each authenticated envelope to the transport's {@link
 * Transport.InboundHandler} and closes the connection on any I/O or pipeline error (the peer
 * reconnects; consensus tolerates the lost messages).
 */
public final class InboundDispatcher
    extends SimpleChannelInboundHandler<PeerAuthenticator.Authenticated> {
  private static final System.Logger LOG = System.getLogger(InboundDispatcher.class.getName());
  private final Transport.InboundHandler handler;
  private final NetStats stats;

  public InboundDispatcher(Transport.InboundHandler handler, NetStats stats) {
    super(PeerAuthenticator.Authenticated.class);
    this.handler = handler;
    this.stats = stats;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, PeerAuthenticator.Authenticated msg) {
    stats.received.increment();
    handler.onMessage(msg.peer(), msg.envelope());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(System.Logger.Level.DEBUG, "closing {0}: {1}", ctx.channel(), cause.toString());
    ctx.close();
  }
}
