package io.trestle.consensus.raft.bench;

import io.trestle.canonical.v1.Committee;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.consensus.core.ConsensusEngine;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.hotstuff.HotStuffConfig;
import io.trestle.consensus.hotstuff.HotStuffEngine;
import io.trestle.consensus.raft.RaftConfig;
import io.trestle.consensus.raft.RaftEngine;
import io.trestle.consensus.sim.CrashFaultSimulation;
import io.trestle.consensus.sim.FakeCrypto;
import io.trestle.consensus.sim.TestCommittee;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raft against HotStuff (the reference, same run) in the crash-fault simulator with no faults: fake
 * signatures, 2-11 ms links, 200 messages/s offered, 2 s of virtual time per operation. Aux
 * counters: committed blocks ({@code blocks}) and messages put on the wire ({@code messages}) per
 * wall-clock second; messages per committed block = messages / blocks (deterministic).
 *
 * <p>{@code ./mvnw -B -pl consensus -am -Pbench test-compile exec:exec
 * -Dbench=RaftSimulatorBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 3)
public class RaftSimulatorBenchmark {
  @Param({"4", "7", "16"})
  public int n;

  @Param({"RAFT", "HOTSTUFF"})
  public String engine;

  /** Figures accumulated over the measured operations, reported by JMH as rates. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Figures {
    public long blocks;
    public long messages;

    @Setup(Level.Iteration)
    public void reset() {
      blocks = 0;
      messages = 0;
    }
  }

  @Benchmark
  public long simulateTwoSeconds(Figures figures) {
    CrashFaultSimulation sim = simulation(n, engine);
    sim.run();
    figures.blocks += sim.minCommittedHeight();
    figures.messages += sim.messagesSent();
    return sim.minCommittedHeight();
  }

  static CrashFaultSimulation simulation(int n, String engine) {
    long seed = 1;
    Committee base = TestCommittee.ofSize(n, seed);
    Committee c =
        new Committee(
            base.committeeId(),
            0,
            io.trestle.canonical.v1.ConsensusEngine.valueOf(engine),
            base.members());
    CommitteeView view = new CommitteeView(c);
    Function<CrashFaultSimulation.Node, ConsensusEngine> factory =
        engine.equals("RAFT")
            ? node ->
                new RaftEngine(
                    new RaftConfig(300, 50, 64, 4, 16, seed, 1024),
                    view,
                    node.index,
                    FakeCrypto.signer(node.key),
                    FakeCrypto.VERIFIER,
                    node.oracle(),
                    node.log,
                    v -> {
                      throw new IllegalStateException(v);
                    },
                    () -> Long.MAX_VALUE)
            : node ->
                new HotStuffEngine(
                    new HotStuffConfig(c, PeerId.of(node.key), 500, 5, 64, 32, 64),
                    FakeCrypto.signer(node.key),
                    FakeCrypto.VERIFIER,
                    node.oracle(),
                    node.log,
                    v -> {
                      throw new IllegalStateException(v);
                    });
    return new CrashFaultSimulation(
        new CrashFaultSimulation.Options(seed, n, 0, 0, false, 0, 0, 2_000, 200, List.of()),
        factory,
        epoch -> view);
  }

  /** Prints messages per committed block for each case (deterministic figures, no JMH). */
  public static void main(String[] args) {
    for (int size : new int[] {4, 7, 16}) {
      for (String e : new String[] {"RAFT", "HOTSTUFF"}) {
        CrashFaultSimulation sim = simulation(size, e);
        sim.run();
        long blocks = sim.minCommittedHeight();
        System.out.printf(
            "n=%d %s blocks=%d messages=%d messages/block=%.2f%n",
            size, e, blocks, sim.messagesSent(), (double) sim.messagesSent() / blocks);
      }
    }
  }
}
