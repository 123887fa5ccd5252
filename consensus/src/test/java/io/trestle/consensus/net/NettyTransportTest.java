package io.trestle.consensus.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.trestle.proto.v1.Envelope;
import io.trestle.proto.v1.ProtocolId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Netty-only behaviour: committee pinning at the handshake, frame cap, slow consumers. */
class NettyTransportTest {
  private final List<NettyTransport> started = new ArrayList<>();

  @AfterEach
  void closeAll() {
    started.forEach(NettyTransport::close);
  }

  private NettyTransport start(NettyTransport t, Transport.InboundHandler h) {
    started.add(t);
    t.start(h);
    return t;
  }

  private static Envelope payload(int bytes) {
    return Envelope.newBuilder()
        .setProtocol(ProtocolId.PROTOCOL_ID_PROPOSAL)
        .setPayload(ByteString.copyFrom(new byte[bytes]))
        .build();
  }

  private static void await(java.util.function.BooleanSupplier cond) throws InterruptedException {
    for (int i = 0; i < 400 && !cond.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertTrue(cond.getAsBoolean(), "condition not reached in 20 s");
  }

  @Test
  void aNonMemberIsRefusedAtTheHandshakeAndCounted() throws Exception {
    LoopbackCommittee c = LoopbackCommittee.of(2);
    BlockingQueue<Integer> got = new LinkedBlockingQueue<>();
    NettyTransport member =
        start(c.transport(0, NettyTransport.Options.defaults()), (f, m) -> got.add(f));
    // The outsider believes it is member 1 of a committee {member 0, itself}; member 0 does not.
    Ed25519Identity outsider = Ed25519Identity.generate();
    var outsiderEndpoint =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), LoopbackCommittee.freePort());
    NettyTransport intruder =
        start(
            new NettyTransport(
                1,
                List.of(c.endpoints().get(0), outsiderEndpoint),
                List.of(c.keys().get(0), outsider.rawPublicKey()),
                outsider,
                NettyTransport.Options.defaults()),
            (f, m) -> {});
    intruder.send(0, payload(1));
    await(() -> member.stats().refusedPeers.sum() >= 1);
    assertNull(got.poll(300, TimeUnit.MILLISECONDS));
    assertEquals(0, member.stats().received.sum());
  }

  @Test
  void nextEpochMembersAreAcceptedAtTheHandshake() throws Exception {
    LoopbackCommittee c = LoopbackCommittee.of(2);
    Ed25519Identity joiner = Ed25519Identity.generate();
    NettyTransport member = c.transport(0, NettyTransport.Options.defaults());
    member.acceptNextCommittee(List.of(joiner.rawPublicKey()));
    start(member, (f, m) -> {});
    NettyTransport j =
        start(
            new NettyTransport(
                1,
                List.of(
                    c.endpoints().get(0),
                    new InetSocketAddress(
                        InetAddress.getLoopbackAddress(), LoopbackCommittee.freePort())),
                List.of(c.keys().get(0), joiner.rawPublicKey()),
                joiner,
                NettyTransport.Options.defaults()),
            (f, m) -> {});
    j.send(0, payload(1));
    // Accepted at TLS, but the joiner has no index in the current committee: authenticated, then
    // closed by the peer authenticator, never delivered.
    await(() -> member.stats().refusedPeers.sum() >= 1);
    assertEquals(0, member.stats().received.sum());
  }

  @Test
  void anOversizedFrameIsDroppedAndTheLinkRecovers() throws Exception {
    LoopbackCommittee c = LoopbackCommittee.of(2);
    BlockingQueue<Envelope> got = new LinkedBlockingQueue<>();
    NettyTransport receiver =
        start(
            c.transport(0, NettyTransport.Options.defaults().withMaxFrameBody(1_000)),
            (f, m) -> got.add(m));
    NettyTransport sender = start(c.transport(1, NettyTransport.Options.defaults()), (f, m) -> {});
    sender.send(0, payload(10));
    assertNotNull(got.poll(20, TimeUnit.SECONDS));
    sender.send(0, payload(5_000));
    await(() -> receiver.stats().oversizedFrames.sum() == 1);
    // The sender reconnects; later frames under the cap flow again.
    for (int i = 0; i < 200 && got.isEmpty(); i++) {
      sender.send(0, payload(20));
      Thread.sleep(50);
    }
    Envelope after = got.poll(20, TimeUnit.SECONDS);
    assertNotNull(after);
    assertEquals(22, after.getPayload().size() + 2);
    assertTrue(sender.stats().connects.sum() >= 2);
  }

  @Test
  void aSlowConsumerFillsOnlyItsOwnQueue() throws Exception {
    LoopbackCommittee c = LoopbackCommittee.of(3);
    CountDownLatch release = new CountDownLatch(1);
    BlockingQueue<Envelope> fast = new LinkedBlockingQueue<>();
    var small = NettyTransport.Options.defaults().withQueueCapacity(64);
    NettyTransport sender = start(c.transport(0, small), (f, m) -> {});
    start(c.transport(1, small), (f, m) -> fast.add(m));
    start(
        c.transport(2, small),
        (f, m) -> {
          try {
            release.await(); // blocks node 2's I/O thread: it stops reading its sockets
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    // Lock-step with the fast peer: each message reaches it while the slow peer's socket, Netty
    // buffer and then its bounded queue fill up and drop.
    int total = 1_000;
    for (int i = 0; i < total; i++) {
      sender.broadcast(payload(16_000));
      assertNotNull(fast.poll(20, TimeUnit.SECONDS), "fast peer starved at message " + i);
    }
    assertTrue(sender.stats().droppedOutbound.sum() > 0, "slow peer's queue should have dropped");
    assertTrue(sender.queued(2) <= 64);
    release.countDown();
  }
}
