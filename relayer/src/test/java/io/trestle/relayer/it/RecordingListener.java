package io.trestle.relayer.it;

import io.trestle.consensus.driver.Driver;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.node.NodeListener;
import io.trestle.relayer.watch.Observation;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** Test fixture: a {@link NodeListener} that keeps what it was told. */
final class RecordingListener implements NodeListener {
  record Attested(long destChainId, long height, List<String> ids) {}

  final List<String> observed = new CopyOnWriteArrayList<>();
  final LongAdder commits = new LongAdder();
  final List<Attested> attested = new CopyOnWriteArrayList<>();
  final Map<String, String> delivered = new ConcurrentHashMap<>();
  final List<String> failed = new CopyOnWriteArrayList<>();
  final List<String> delayed = new CopyOnWriteArrayList<>();

  @Override
  public void observed(long chainId, Observation observation) {
    observed.add(observation.id());
  }

  @Override
  public void committed(Driver.Committed committed) {
    commits.increment();
  }

  @Override
  public void attested(long destChainId, long epoch, long height, List<byte[]> messageIds) {
    attested.add(
        new Attested(destChainId, height, messageIds.stream().map(GatewayMessage::toHex).toList()));
  }

  @Override
  public void delivered(byte[] messageId, long destChainId, String txHash) {
    delivered.put(GatewayMessage.toHex(messageId), txHash);
  }

  @Override
  public void failed(byte[] messageId, long destChainId, String reason) {
    failed.add(GatewayMessage.toHex(messageId));
  }

  @Override
  public void delayed(
      byte[] messageId, long chainId, byte[] token, BigInteger amount, Instant releaseAt) {
    delayed.add(GatewayMessage.toHex(messageId));
  }

  @Override
  public void chainHalted(long chainId, String reason) {}

  /** Height of the batch that carried {@code id}, or -1 if not attested here. */
  long heightOf(String id) {
    return attested.stream()
        .filter(a -> a.ids().contains(id))
        .mapToLong(Attested::height)
        .findFirst()
        .orElse(-1);
  }
}
