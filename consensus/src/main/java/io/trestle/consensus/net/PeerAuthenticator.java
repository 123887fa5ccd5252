package io.trestle.consensus.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.trestle.proto.v1.Envelope;
import java.security.cert.Certificate;
import java.util.function.ToIntFunction;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Binds a connection to a committee member once TLS completes: the peer's pinned Ed25519 key gives
 * its signer index. On a dialed connection the index must be the one dialed. Envelopes are passed
 * on as {@link Authenticated} with that index; anything read before authentication, or on a
 * connection whose key maps to no index, is dropped and the connection closed.
 */
public final class PeerAuthenticator extends ChannelInboundHandlerAdapter {
  /** The signer index of the authenticated peer of a channel. */
  public static final AttributeKey<Integer> PEER = AttributeKey.valueOf("trestle.peer");

  /** An envelope from an authenticated peer. */
  public record Authenticated(int peer, Envelope envelope) {}

  private final ToIntFunction<byte[]> indexOf;
  private final int expectedPeer;
  private final NetStats stats;
  private int peer = -1;

  /**
   * @param indexOf signer index of a raw Ed25519 key, or -1 if it has none
   * @param expectedPeer the index dialed on an outbound connection, or -1 on an accepted one
   */
  public PeerAuthenticator(ToIntFunction<byte[]> indexOf, int expectedPeer, NetStats stats) {
    this.indexOf = indexOf;
    this.expectedPeer = expectedPeer;
    this.stats = stats;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent done) {
      if (done.isSuccess()) {
        int index = resolve(ctx);
        if (index < 0 || (expectedPeer >= 0 && index != expectedPeer)) {
          stats.refusedPeers.increment();
          ctx.close();
          return;
        }
        peer = index;
        ctx.channel().attr(PEER).set(index);
      } else {
        ctx.close();
      }
    }
    super.userEventTriggered(ctx, evt);
  }

  private int resolve(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return -1;
    }
    try {
      Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
      return indexOf.applyAsInt(Ed25519Identity.rawPublicKey(chain[0].getPublicKey()));
    } catch (SSLPeerUnverifiedException | IllegalArgumentException e) {
      return -1;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (peer < 0 || !(msg instanceof Envelope envelope)) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    ctx.fireChannelRead(new Authenticated(peer, envelope));
  }
}
