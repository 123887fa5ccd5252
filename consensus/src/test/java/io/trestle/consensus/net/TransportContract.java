package io.trestle.consensus.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.trestle.proto.v1.Envelope;
import io.trestle.proto.v1.ProtocolId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link Transport} contract, run against every implementation (in-memory and Netty). */
abstract class TransportContract {
  static final int N = 4;

  record Received(int from, Envelope message) {}

  /** Creates n connected (not yet started) transports, member i at index i. */
  abstract List<Transport> create(int n) throws Exception;

  /** Makes member i unreachable, as if its process died. */
  abstract void kill(int i) throws Exception;

  /** Releases whatever {@link #create} built. */
  abstract void destroy() throws Exception;

  private List<Transport> nodes;
  private final List<BlockingQueue<Received>> inboxes = new ArrayList<>();

  @BeforeEach
  void startAll() throws Exception {
    nodes = create(N);
    for (Transport t : nodes) {
      BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
      inboxes.add(inbox);
      t.start((from, m) -> inbox.add(new Received(from, m)));
    }
  }

  @AfterEach
  void stopAll() throws Exception {
    destroy();
  }

  static Envelope msg(long seq) {
    return Envelope.newBuilder()
        .setProtocol(ProtocolId.PROTOCOL_ID_VOTE)
        .setPayload(ByteString.copyFromUtf8(Long.toString(seq)))
        .build();
  }

  private Received next(int node) throws InterruptedException {
    Received r = inboxes.get(node).poll(20, TimeUnit.SECONDS);
    assertNotNull(r, "node " + node + " received nothing");
    return r;
  }

  @Test
  void sendDeliversWithTheAuthenticatedSenderIndex() throws Exception {
    nodes.get(1).send(2, msg(7));
    Received r = next(2);
    assertEquals(1, r.from());
    assertEquals(msg(7), r.message());
  }

  @Test
  void broadcastReachesEveryOtherMemberAndNotItself() throws Exception {
    nodes.get(0).broadcast(msg(1));
    for (int i = 1; i < N; i++) {
      Received r = next(i);
      assertEquals(0, r.from());
      assertEquals(msg(1), r.message());
    }
    assertNull(inboxes.get(0).poll(200, TimeUnit.MILLISECONDS));
  }

  @Test
  void deliveryIsFifoPerPairOfPeers() throws Exception {
    for (int s = 0; s < 500; s++) {
      nodes.get(3).send(0, msg(s));
    }
    for (int s = 0; s < 500; s++) {
      assertEquals(msg(s), next(0).message());
    }
  }

  @Test
  void aDeadPeerDoesNotBlockBroadcastToTheOthers() throws Exception {
    kill(3);
    for (int s = 0; s < 2_000; s++) {
      nodes.get(0).broadcast(msg(s));
    }
    for (int i = 1; i <= 2; i++) {
      for (int s = 0; s < 2_000; s++) {
        assertEquals(msg(s), next(i).message());
      }
    }
  }

  @Test
  void sendingToItselfOrANonMemberIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> nodes.get(0).send(0, msg(0)));
    assertThrows(IllegalArgumentException.class, () -> nodes.get(0).send(N, msg(0)));
    assertThrows(IllegalArgumentException.class, () -> nodes.get(0).send(-1, msg(0)));
  }
}
