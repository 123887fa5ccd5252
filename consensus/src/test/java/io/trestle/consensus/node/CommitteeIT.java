package io.trestle.consensus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.trestle.consensus.net.Ed25519Identity;
import io.trestle.consensus.net.NettyTransport;
import io.trestle.proto.v1.Envelope;
import io.trestle.proto.v1.ProtocolId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four node processes on loopback, TLS between them, every link through a controllable proxy. The
 * steps share one committee (starting JVMs is the slow part) and run in order; the consistency
 * checker (same height, same hash) runs throughout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommitteeIT {
  private static final long T = 180_000;
  @TempDir static Path dir;
  static Cluster c;

  @BeforeAll
  static void start() throws Exception {
    c = new Cluster(dir, 4, 20, 1_000);
    c.startAll();
  }

  @AfterAll
  static void stop() throws Exception {
    if (c != null) {
      c.checkConsistent();
      c.close();
    }
  }

  private static boolean allAtLeast(long h, int... nodes) {
    return IntStream.of(nodes).allMatch(i -> c.height(i) >= h);
  }

  @Test
  @Order(1)
  void commitsFlowOnEveryNode() throws Exception {
    c.await("every node at height 3", T, () -> allAtLeast(3, 0, 1, 2, 3));
    c.await("synthetic messages committed", T, () -> c.stat(0, "committed_msgs") > 0);
  }

  private void killRestartCatchUp(int victim) throws Exception {
    int[] others = IntStream.range(0, 4).filter(i -> i != victim).toArray();
    c.kill9(victim);
    long h = c.maxHeight();
    c.await("the other three commit without node " + victim, T, () -> allAtLeast(h + 3, others));
    c.start(victim);
    long target = c.maxHeight();
    c.await("node " + victim + " catches up after restart", T, () -> c.height(victim) >= target);
  }

  @Test
  @Order(2)
  void killMinus9OfTheLeaderThenOfAFollowerAndRestart() throws Exception {
    long view = c.stat(0, "view");
    int leader = (int) Math.floorMod(view, 4L);
    killRestartCatchUp(leader);
    killRestartCatchUp((leader + 1) % 4);
  }

  @Test
  @Order(3)
  void aNonMemberIsRefusedAtTheHandshake() throws Exception {
    Ed25519Identity outsider = Ed25519Identity.generate();
    var self =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), CommitteeLauncher.freePort());
    try (NettyTransport t =
        new NettyTransport(
            1,
            List.of(c.endpoints.get(0), self),
            List.of(memberKey(0), outsider.rawPublicKey()),
            outsider,
            NettyTransport.Options.defaults())) {
      t.start((from, m) -> {});
      t.send(0, Envelope.newBuilder().setProtocol(ProtocolId.PROTOCOL_ID_VOTE).build());
      c.await("node 0 refuses the outsider", 30_000, () -> c.stat(0, "refused") >= 1);
    }
  }

  private static byte[] memberKey(int i) throws Exception {
    return CommitteeFile.load(dir.resolve("committee.txt")).members().get(i).ed25519Key();
  }

  @Test
  @Order(4)
  void aReplayedOldVoteAndAnOversizedFrameDoNoHarm() throws Exception {
    // Node 3's key, without node 3: a member-authenticated peer under the test's control.
    c.kill9(3);
    Ed25519Identity id3 = Ed25519Identity.fromPkcs8(Files.readAllBytes(dir.resolve("node3.key")));
    List<byte[]> keys =
        IntStream.range(0, 4)
            .mapToObj(
                i -> {
                  try {
                    return memberKey(i);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toList();
    AtomicReference<Envelope> captured = new AtomicReference<>();
    AtomicReference<Envelope> capturedTimeout = new AtomicReference<>();
    try (NettyTransport impostor =
        new NettyTransport(
            3,
            c.endpoints,
            keys,
            id3,
            NettyTransport.Options.defaults().withMaxFrameBody(16 << 20))) {
      impostor.start(
          (from, m) -> {
            if (m.getProtocol() == ProtocolId.PROTOCOL_ID_VOTE) {
              captured.compareAndSet(null, m);
            } else if (m.getProtocol() == ProtocolId.PROTOCOL_ID_TIMEOUT) {
              capturedTimeout.compareAndSet(null, m);
            }
          });
      c.await(
          "a signed vote or timeout reaches node 3's key",
          T,
          () -> captured.get() != null || capturedTimeout.get() != null);
      long h = c.maxHeight();
      c.await("the chain moves past the captured message", T, () -> allAtLeast(h + 3, 0, 1, 2));
      Envelope old = captured.get() != null ? captured.get() : capturedTimeout.get();
      assertNotNull(old);
      for (int k = 0; k < 20; k++) {
        impostor.broadcast(old);
      }
      impostor.send(
          0,
          Envelope.newBuilder()
              .setProtocol(ProtocolId.PROTOCOL_ID_PROPOSAL)
              .setPayload(ByteString.copyFrom(new byte[9 << 20]))
              .build());
      c.await("node 0 drops the oversized frame", 30_000, () -> c.stat(0, "oversized") >= 1);
      long h2 = c.maxHeight();
      c.await(
          "commits continue after replay and oversized frame",
          T,
          () -> allAtLeast(h2 + 3, 0, 1, 2));
      for (int i = 0; i < 3; i++) {
        assertEquals("false", c.status(i).get("halted"));
      }
    }
    c.start(3);
    long target = c.maxHeight();
    c.await("node 3 catches up by block sync", T, () -> c.height(3) >= target);
  }

  @Test
  @Order(5)
  void aPartitionWithoutQuorumStallsAndLivenessReturnsWhenItHeals() throws Exception {
    c.partition(Set.of(0, 1));
    Thread.sleep(2_000); // let in-flight rounds finish
    long stalled = c.maxHeight();
    Thread.sleep(4_000);
    assertTrue(
        c.maxHeight() <= stalled + 1,
        "committed without a quorum: " + stalled + " -> " + c.maxHeight());
    c.heal();
    c.await("liveness after the partition heals", T, () -> allAtLeast(stalled + 3, 0, 1, 2, 3));
  }
}
