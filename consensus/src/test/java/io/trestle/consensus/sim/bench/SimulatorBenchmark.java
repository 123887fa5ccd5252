package io.trestle.consensus.sim.bench;

import io.trestle.consensus.sim.SimOptions;
import io.trestle.consensus.sim.SimResult;
import io.trestle.consensus.sim.Simulation;
import java.util.concurrent.TimeUnit;
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
 * The in-process simulator with no faults (fake crypto, 5-10 ms links, 200 messages/s offered):
 * each operation simulates 2 s of virtual time for n replicas on one thread. Aux counters report
 * committed blocks per wall-clock second ({@code blocks}) and messages put on the wire per second
 * ({@code messages}); messages per committed block = messages / blocks, expected to grow linearly
 * with n (one proposal broadcast and n votes per view).
 *
 * <p>{@code ./mvnw -B -pl consensus -am -Pbench test-compile exec:exec -Dbench=SimulatorBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 3)
public class SimulatorBenchmark {
  @Param({"4", "7", "16", "64"})
  public int n;

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
    SimResult r = new Simulation(SimOptions.calm(1, n, 2_000)).run();
    figures.blocks += r.committedHeight();
    figures.messages += r.messagesSent();
    return r.committedHeight();
  }
}
