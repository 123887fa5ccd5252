package io.trestle.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.trestle.app.health.ChainsHealthIndicator;
import io.trestle.app.ports.ChainStatus;
import io.trestle.app.ports.ConsensusStatus;
import io.trestle.relayer.node.NodeStatus;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The node's status as the app's ports, read live on every call. */
class NodeStatusAdapterTest {

  @Test
  void mapsEveryFieldAndReadsTheNodeOnEachCall() {
    long now = System.currentTimeMillis();
    AtomicReference<NodeStatus> node =
        new AtomicReference<>(new NodeStatus("hotstuff", 0, 3, 0, 0, 0, 0, 0, 0, List.of()));
    ConsensusStatus consensus = NodeStatusAdapter.consensus(node::get);
    ChainStatus chains = NodeStatusAdapter.chains(node::get);
    assertThat(consensus.snapshot().lastCommitAt()).isNull();
    assertThat(chains.snapshot()).isEmpty();

    node.set(
        new NodeStatus(
            "hotstuff",
            3,
            3,
            17,
            12,
            now,
            12,
            2,
            40,
            List.of(
                new NodeStatus.Chain(31337, 120, 118, 500, 3, false),
                new NodeStatus.Chain(31338, 80, 10, 200, 0, true))));
    assertThat(consensus.snapshot())
        .isEqualTo(
            new ConsensusStatus.Snapshot(
                "hotstuff", 3, 3, 17, 12, Instant.ofEpochMilli(now), 12, 2, 40));
    assertThat(chains.snapshot())
        .containsExactly(
            new ChainStatus.Snapshot(31337, 120, 118, 500, 3, false),
            new ChainStatus.Snapshot(31338, 80, 10, 200, 0, true));
    assertThat(chains.snapshot().get(1).lag()).isEqualTo(70);
  }

  @Test
  void aChainHaltedByAReorgMakesChainHealthDown() {
    var status =
        new NodeStatus(
            "hotstuff",
            3,
            3,
            1,
            1,
            1,
            1,
            0,
            1,
            List.of(new NodeStatus.Chain(31337, 10, 9, 1, 0, true)));
    var props =
        new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source
                    .MapConfigurationPropertySource(java.util.Map.of()))
            .bindOrCreate("trestle", io.trestle.app.config.TrestleProperties.class);
    var health = new ChainsHealthIndicator(NodeStatusAdapter.chains(() -> status), props).health();
    assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
    assertThat(health.getDetails().toString()).contains("halted by re-org");
  }
}
