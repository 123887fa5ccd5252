package io.trestle.consensus.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.trestle.proto.v1.Envelope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerAuthenticatorTest {
  private final NetStats stats = new NetStats();

  @Test
  void dropsAndClosesOnAnEnvelopeBeforeAuthentication() {
    EmbeddedChannel ch = new EmbeddedChannel(new PeerAuthenticator(k -> 0, -1, stats));
    ch.writeInbound(Envelope.getDefaultInstance());
    assertNull(ch.readInbound());
    assertFalse(ch.isActive());
  }

  @Test
  void handshakeWithoutAPeerCertificateIsRefused() {
    // No SslHandler in this pipeline, so no peer key can be resolved.
    EmbeddedChannel ch = new EmbeddedChannel(new PeerAuthenticator(k -> 0, -1, stats));
    ch.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
    assertFalse(ch.isActive());
    assertEquals(1, stats.refusedPeers.sum());
  }

  @Test
  void dispatcherHandsAuthenticatedEnvelopesToTheHandler() {
    List<Integer> from = new ArrayList<>();
    EmbeddedChannel ch =
        new EmbeddedChannel(new InboundDispatcher((peer, env) -> from.add(peer), stats));
    ch.writeInbound(new PeerAuthenticator.Authenticated(3, Envelope.getDefaultInstance()));
    assertEquals(List.of(3), from);
    assertEquals(1, stats.received.sum());
  }
}
