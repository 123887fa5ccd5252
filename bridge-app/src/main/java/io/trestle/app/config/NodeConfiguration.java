package io.trestle.app.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.trestle.app.node.LedgerWriter;
import io.trestle.app.node.NodeConfigured;
import io.trestle.app.node.NodeProperties;
import io.trestle.app.node.NodeSettings;
import io.trestle.app.node.NodeStatusAdapter;
import io.trestle.app.node.RelayerNodeLifecycle;
import io.trestle.app.ports.ChainStatus;
import io.trestle.app.ports.ConsensusStatus;
import io.trestle.app.ports.NodeLedger;
import io.trestle.relayer.node.RelayerNodeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Which node runs. With {@code trestle.node.config-file} (or the {@code trestle.node.*} fields)
 * set, the app runs a relayer node (consensus replica, chain watchers, deliverer) whose events a
 * {@link LedgerWriter} records in the database and whose status the {@code consensus} and {@code
 * chains} health indicators and meters show. Without it the app serves the API over its database
 * ("api-only").
 */
@Configuration(proxyBeanMethods = false)
public class NodeConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(NodeConfiguration.class);

  @Bean
  @Conditional(NodeConfigured.class)
  RelayerNodeConfig relayerNodeConfig(NodeProperties properties) {
    return NodeSettings.load(properties);
  }

  @Bean
  @Conditional(NodeConfigured.class)
  LedgerWriter ledgerWriter(NodeLedger ledger, NodeProperties properties, MeterRegistry meters) {
    return new LedgerWriter(
        ledger, properties.ledgerQueue(), LedgerWriter.RetryPolicy.defaults(), meters);
  }

  @Bean
  @Conditional(NodeConfigured.class)
  RelayerNodeLifecycle relayerNode(
      RelayerNodeConfig config, LedgerWriter writer, NodeProperties properties) {
    return new RelayerNodeLifecycle(config, writer, properties.drainTimeout());
  }

  @Bean
  ConsensusStatus consensusStatus(ObjectProvider<RelayerNodeLifecycle> node) {
    RelayerNodeLifecycle n = node.getIfAvailable();
    if (n == null) {
      LOG.info(
          "Consensus: no relayer node configured (trestle.node.config-file or"
              + " trestle.node.identity-key); this node serves the API over its database"
              + " (api-only)");
      return ConsensusStatus.apiOnly();
    }
    return NodeStatusAdapter.consensus(n::status);
  }

  @Bean
  ChainStatus chainStatus(ObjectProvider<RelayerNodeLifecycle> node) {
    RelayerNodeLifecycle n = node.getIfAvailable();
    return n == null ? ChainStatus.none() : NodeStatusAdapter.chains(n::status);
  }
}
