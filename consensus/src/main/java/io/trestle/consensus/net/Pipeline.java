package io.trestle.consensus.net;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import java.util.function.ToIntFunction;

/**
 * Assembles a relayer connection's pipeline, in inbound order: TLS 1.3 (committee-pinned keys) →
 * capped frame decoder → envelope decoder → peer authentication → dispatch to the inbound handler;
 * outbound, envelopes are framed by {@link EnvelopeEncoder} below TLS.
 */
final class Pipeline {
  private Pipeline() {}

  static void init(
      ChannelPipeline p,
      Tls tls,
      boolean client,
      int expectedPeer,
      int maxBody,
      ToIntFunction<byte[]> indexOf,
      Transport.InboundHandler handler,
      NetStats stats) {
    SslHandler ssl = new SslHandler(tls.newEngine(client));
    ssl.setHandshakeTimeoutMillis(5_000);
    p.addLast("tls", ssl);
    p.addLast("frames", new CappedFrameDecoder(maxBody, stats));
    p.addLast("encoder", new EnvelopeEncoder(maxBody, stats));
    p.addLast("decoder", new EnvelopeDecoder(stats));
    p.addLast("auth", new PeerAuthenticator(indexOf, expectedPeer, stats));
    p.addLast("dispatch", new InboundDispatcher(handler, stats));
  }
}
