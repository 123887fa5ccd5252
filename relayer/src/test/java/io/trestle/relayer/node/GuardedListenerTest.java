package io.trestle.relayer.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trestle.consensus.driver.Driver;
import io.trestle.relayer.watch.Observation;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardedListenerTest {
  @Test
  void aThrowingListenerIsCountedAndNeverPropagates() {
    NodeListener throwing =
        new NodeListener() {
          @Override
          public void observed(long chainId, Observation observation) {
            throw new IllegalStateException("db down");
          }

          @Override
          public void committed(Driver.Committed committed) {
            throw new IllegalStateException("db down");
          }

          @Override
          public void attested(long destChainId, long epoch, long height, List<byte[]> ids) {
            throw new IllegalStateException("db down");
          }

          @Override
          public void delivered(byte[] messageId, long destChainId, String txHash) {
            throw new IllegalStateException("db down");
          }

          @Override
          public void failed(byte[] messageId, long destChainId, String reason) {
            throw new IllegalStateException("db down");
          }

          @Override
          public void delayed(
              byte[] messageId, long chainId, byte[] token, BigInteger amount, Instant at) {
            throw new IllegalStateException("db down");
          }

          @Override
          public void chainHalted(long chainId, String reason) {
            throw new IllegalStateException("db down");
          }
        };
    GuardedListener g = new GuardedListener(throwing);
    g.observed(1, null);
    g.committed(null);
    g.attested(1, 0, 1, List.of());
    g.delivered(new byte[32], 1, "0x");
    g.failed(new byte[32], 1, "r");
    g.delayed(new byte[32], 1, new byte[20], BigInteger.ONE, Instant.EPOCH);
    g.chainHalted(1, "r");
    assertEquals(7, g.failures());
  }
}
