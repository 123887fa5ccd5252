package io.trestle.relayer.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverRpcTest {
  final long[] now = {0};
  final FakeChain a = new FakeChain(1, "0x" + "ab".repeat(20));
  final FakeChain b = new FakeChain(1, "0x" + "ab".repeat(20));
  final FailoverRpc rpc =
      new FailoverRpc(List.of(a, b), Duration.ofSeconds(1), Duration.ofSeconds(30), () -> now[0]);

  @Test
  void failsOverOnTransientErrorsAndStaysOnTheHealthyEndpoint() {
    a.failNext(100, RpcException.Kind.TRANSIENT);
    assertEquals(0, rpc.blockNumber());
    assertEquals(1, rpc.preferred());
    assertEquals(1, rpc.errorCount());
    assertTrue(rpc.states().get(0).inBackoff());
    int before = a.calls;
    rpc.blockNumber();
    assertEquals(before, a.calls, "endpoint in back-off is skipped");
    assertEquals(1, rpc.failoverCount());
  }

  @Test
  void backoffGrowsExponentiallyAndRateLimitsCountDouble() {
    a.failNext(100, RpcException.Kind.TRANSIENT);
    b.failNext(100, RpcException.Kind.RATE_LIMITED);
    assertThrows(RpcException.class, rpc::blockNumber); // a: 1 s, b: 2 s
    now[0] = 1000;
    assertThrows(RpcException.class, rpc::blockNumber); // only a tried: now 2 s
    assertEquals(
        List.of(true, true),
        rpc.states().stream().map(FailoverRpc.EndpointState::inBackoff).toList());
    now[0] = 1999;
    int aCalls = a.calls;
    int bCalls = b.calls;
    assertThrows(
        RpcException.class, rpc::blockNumber); // all in back-off: the soonest (b, 2000) once
    assertEquals(aCalls, a.calls);
    assertEquals(bCalls + 1, b.calls);
    a.failNext(0, RpcException.Kind.TRANSIENT);
    now[0] = 10_000;
    assertEquals(0, rpc.blockNumber());
    assertFalse(rpc.states().get(0).inBackoff());
  }

  @Test
  void rejectedAnswersAreNotFailedOver() {
    RpcException e = assertThrows(RpcException.class, () -> rpc.header(99));
    assertEquals(RpcException.Kind.REJECTED, e.kind());
    assertEquals(1, a.calls);
    assertEquals(0, b.calls);
    assertEquals(0, rpc.errorCount());
  }
}
