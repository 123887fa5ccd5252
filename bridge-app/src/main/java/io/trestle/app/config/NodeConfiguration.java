package io.trestle.app.config;

import io.trestle.app.ports.ChainStatus;
import io.trestle.app.ports.ConsensusStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which node runs: the consensus and relayer adapters provide {@link ConsensusStatus} and {@link
 * ChainStatus} beans when they are wired; without them the node serves the API over its database
 * ("api-only").
 */
@Configuration(proxyBeanMethods = false)
public class NodeConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(NodeConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  ConsensusStatus consensusStatus() {
    LOG.info("Consensus: none wired; this node serves the API over its database (api-only)");
    return ConsensusStatus.apiOnly();
  }

  @Bean
  @ConditionalOnMissingBean
  ChainStatus chainStatus() {
    return ChainStatus.none();
  }
}
