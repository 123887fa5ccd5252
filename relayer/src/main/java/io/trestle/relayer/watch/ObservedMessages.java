package io.trestle.relayer.watch;

import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.relayer.contracts.GatewayMessage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapter between the chain watchers and the consensus engine's external-validity port: what
 * this relayer's watchers reported, answered as {@link ObservationOracle} verdicts. A message is
 * OBSERVED once a watcher reported it (with its confirmations); REJECTED if its id is not its hash,
 * if another message was reported under the same (source chain, gateway, nonce), or if its source
 * chain's watcher halted on a deep re-org (anything from that chain may be orphaned, so nothing
 * more from it is voted for); PENDING otherwise. {@code onChange} runs after each change (the node
 * driver turns it into {@code ObservationsChanged}). Thread-safe; check never blocks.
 */
public final class ObservedMessages implements ObservationSink, ObservationOracle {
  private record SourceKey(long chainId, String gateway, long nonce) {}

  private final Map<Hash32, GatewayMessage> byId = new ConcurrentHashMap<>();
  private final Map<SourceKey, Hash32> bySource = new ConcurrentHashMap<>();
  private final Set<Long> halted = ConcurrentHashMap.newKeySet();
  private final Runnable onChange;

  /**
   * @param onChange called after observations or halts changed the verdicts
   */
  public ObservedMessages(Runnable onChange) {
    this.onChange = onChange;
  }

  @Override
  public void accept(long chainId, List<Observation> observations) {
    for (Observation o : observations) {
      GatewayMessage m = o.message();
      Hash32 id = Hash32.of(m.id());
      byId.putIfAbsent(id, m);
      bySource.putIfAbsent(new SourceKey(m.sourceChainId(), m.sourceGateway(), m.nonce()), id);
    }
    if (!observations.isEmpty()) {
      onChange.run();
    }
  }

  @Override
  public void halted(long chainId, String reason) {
    halted.add(chainId);
    onChange.run();
  }

  @Override
  public Verdict check(Hash32 messageId, CrossChainMessage message) {
    GatewayMessage m;
    try {
      m = GatewayMessage.fromCanonical(message);
    } catch (IllegalArgumentException e) {
      return Verdict.REJECTED;
    }
    if (!Hash32.of(m.id()).equals(messageId) || halted.contains(m.sourceChainId())) {
      return Verdict.REJECTED;
    }
    if (byId.containsKey(messageId)) {
      return Verdict.OBSERVED;
    }
    Hash32 other = bySource.get(new SourceKey(m.sourceChainId(), m.sourceGateway(), m.nonce()));
    return other != null ? Verdict.REJECTED : Verdict.PENDING;
  }
}
