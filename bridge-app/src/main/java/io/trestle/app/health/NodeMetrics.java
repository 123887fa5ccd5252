package io.trestle.app.health;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.trestle.app.config.TrestleProperties;
import io.trestle.app.ports.ChainStatus;
import io.trestle.app.ports.ConsensusStatus;
import io.trestle.app.service.StatusEvents;
import io.trestle.db.MessageRepository;
import io.trestle.db.model.MessageStatus;
import io.trestle.relayer.node.RelayerNodeConfig;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Prometheus gauges and counters of the node: messages by status (recounted every 10 s), consensus
 * progress from {@link ConsensusStatus}, per-chain RPC figures from {@link ChainStatus} (for the
 * chains of {@code trestle.chains} and those the relayer node watches), and SSE subscribers.
 */
@Component
public class NodeMetrics implements MeterBinder, DisposableBean {

  private final MessageRepository messages;
  private final ConsensusStatus consensus;
  private final ChainStatus chains;
  private final StatusEvents events;
  private final TrestleProperties properties;
  private final ObjectProvider<RelayerNodeConfig> node;
  private final Map<MessageStatus, AtomicLong> byStatus = new EnumMap<>(MessageStatus.class);
  private volatile Disposable refresher;

  public NodeMetrics(
      MessageRepository messages,
      ConsensusStatus consensus,
      ChainStatus chains,
      StatusEvents events,
      TrestleProperties properties,
      ObjectProvider<RelayerNodeConfig> node) {
    this.messages = messages;
    this.consensus = consensus;
    this.chains = chains;
    this.events = events;
    this.properties = properties;
    this.node = node;
    for (MessageStatus s : MessageStatus.values()) {
      byStatus.put(s, new AtomicLong());
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    byStatus.forEach(
        (status, count) ->
            Gauge.builder("trestle.messages", count, AtomicLong::get)
                .tag("status", status.name())
                .description("Messages stored, by status")
                .register(registry));
    consensusCounter(registry, "trestle.consensus.commits", s -> s.commits());
    consensusCounter(registry, "trestle.consensus.view.changes", s -> s.viewChanges());
    consensusCounter(registry, "trestle.consensus.votes", s -> s.votes());
    Gauge.builder("trestle.consensus.view", consensus, c -> c.snapshot().view()).register(registry);
    Gauge.builder("trestle.consensus.peers", consensus, c -> c.snapshot().peersConnected())
        .register(registry);
    Set<Long> chainIds = new TreeSet<>();
    properties.chains().forEach(c -> chainIds.add(c.chainId()));
    node.ifAvailable(n -> n.chains().forEach(c -> chainIds.add(c.chainId())));
    for (long chainId : chainIds) {
      String id = Long.toString(chainId);
      chainCounter(registry, "trestle.rpc.calls", chainId, id, s -> s.rpcCalls());
      chainCounter(registry, "trestle.rpc.errors", chainId, id, s -> s.rpcErrors());
    }
    Gauge.builder("trestle.sse.subscribers", events, StatusEvents::subscribers).register(registry);
    refresher =
        Flux.interval(Duration.ZERO, Duration.ofSeconds(10))
            .concatMap(tick -> messages.countByStatus().collectList(), 1)
            .onErrorContinue((e, o) -> {})
            .subscribe(
                counts -> {
                  byStatus.values().forEach(c -> c.set(0));
                  counts.forEach(c -> byStatus.get(c.status()).set(c.count()));
                });
  }

  private void consensusCounter(
      MeterRegistry registry, String name, ToDoubleFunction<ConsensusStatus.Snapshot> f) {
    FunctionCounter.builder(name, consensus, c -> f.applyAsDouble(c.snapshot())).register(registry);
  }

  private void chainCounter(
      MeterRegistry registry,
      String name,
      long chainId,
      String tag,
      ToDoubleFunction<ChainStatus.Snapshot> f) {
    FunctionCounter.builder(
            name,
            chains,
            c ->
                c.snapshot().stream()
                    .filter(s -> s.chainId() == chainId)
                    .mapToDouble(f)
                    .findFirst()
                    .orElse(0))
        .tag("chain", tag)
        .register(registry);
  }

  @Override
  public void destroy() {
    Disposable r = refresher;
    if (r != null) {
      r.dispose();
    }
  }
}
