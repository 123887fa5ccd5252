package io.trestle.consensus.driver.bench;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.CommittedLog;
import io.trestle.consensus.core.Input;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.driver.MalformedMessageException;
import io.trestle.consensus.driver.SignaturePreverifier;
import io.trestle.consensus.driver.WireCodec;
import io.trestle.consensus.hotstuff.HotStuffConfig;
import io.trestle.consensus.hotstuff.HotStuffEngine;
import io.trestle.consensus.hotstuff.HotStuffMessage;
import io.trestle.consensus.node.SyntheticLoad;
import io.trestle.consensus.sim.TestCommittee;
import io.trestle.proto.v1.Envelope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * The per-block path of a 4-member committee on one thread, without network, disk or timers: one
 * operation hands {@code batch} fresh 200-byte messages ({@link SyntheticLoad}) to every engine as
 * observed payload, then delivers messages until every engine has committed all of them. Every
 * message crosses the wire codec (protobuf encode, decode), every signature goes through the
 * driver's batch pre-verifier, every commit is serialized as the block store would. So an operation
 * is: build the proposal, encode it, decode and validate it at 3 replicas, vote, form QCs, commit
 * at 4 nodes (plus the empty blocks the protocol needs to commit it). Reported as time per block of
 * {@code batch} messages for the whole committee; divide by 4 for one node and by {@code batch} for
 * one message. The figure does not depend on machine load the way a multi-process run does.
 *
 * <p>{@code ./mvnw -B -pl consensus -Pbench test-compile exec:exec -Dbench=PerBlockBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx1g", "-XX:+UseZGC"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class PerBlockBenchmark {
  private static final int N = 4;
  private static final long SEED = 7;

  @Param({"1024"})
  public int batch;

  private final List<HotStuffEngine> engines = new ArrayList<>();
  private final List<MemoryLog> logs = new ArrayList<>();
  private final List<SignaturePreverifier> verifiers = new ArrayList<>();
  private final List<PeerId> peers = new ArrayList<>();
  private final ArrayDeque<Delivery> wire = new ArrayDeque<>();
  private long nextNonce = 1;
  private long now = 1;

  /**
   * Totals per iteration: operations, their thread CPU time (the load-independent figure on a
   * shared machine: CPU ms per block = cpuMicros / ops / 1000), blocks committed summed over nodes.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Counters {
    public long ops;
    public long cpuMicros;
    public long blocks;
    public long storedBytes;

    @Setup(Level.Iteration)
    public void reset() {
      ops = 0;
      cpuMicros = 0;
      blocks = 0;
      storedBytes = 0;
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private record Delivery(int to, int from, Envelope envelope) {}

  /** The committed log a driver would keep, in memory; only the last 64 blocks stay readable. */
  private static final class MemoryLog implements CommittedLog {
    static final int KEEP = 64;

    final List<Block> blocks = new ArrayList<>();
    final List<QuorumCertificate> proofs = new ArrayList<>();
    long committedMessages;

    @Override
    public long tipHeight() {
      return blocks.size();
    }

    void append(Block block, QuorumCertificate proof) {
      blocks.add(block);
      proofs.add(proof);
      committedMessages += block.messages().size();
      if (blocks.size() > KEEP) {
        blocks.set(blocks.size() - KEEP - 1, null);
        proofs.set(proofs.size() - KEEP - 1, null);
      }
    }

    @Override
    public Optional<Block> block(long height) {
      return height >= 1 && height <= blocks.size()
          ? Optional.ofNullable(blocks.get((int) height - 1))
          : Optional.empty();
    }

    @Override
    public Optional<QuorumCertificate> proof(long height) {
      return height >= 1 && height <= blocks.size()
          ? Optional.ofNullable(proofs.get((int) height - 1))
          : Optional.empty();
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    Committee committee = TestCommittee.ofSize(N, SEED);
    List<byte[]> keys = committee.members().stream().map(m -> m.ed25519Key()).toList();
    ObservationOracle oracle = (id, m) -> ObservationOracle.Verdict.OBSERVED;
    for (int i = 0; i < N; i++) {
      peers.add(PeerId.of(keys.get(i)));
    }
    for (int i = 0; i < N; i++) {
      MemoryLog log = new MemoryLog();
      SignaturePreverifier verifier = new SignaturePreverifier(keys);
      HotStuffEngine engine =
          new HotStuffEngine(
              new HotStuffConfig(committee, peers.get(i), 60_000, 4, batch, 16, 0),
              TestCommittee.realSigner(keys.get(i)),
              verifier,
              oracle,
              log,
              v -> {
                throw new IllegalStateException(v.getMessage());
              });
      logs.add(log);
      verifiers.add(verifier);
      engines.add(engine);
    }
    for (int i = 0; i < N; i++) {
      execute(i, engines.get(i).handle(new Input.Start(now, Optional.empty())), new Counters());
    }
  }

  @Benchmark
  public void commitOneBlock(Counters counters) throws MalformedMessageException {
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    List<CrossChainMessage> payload = new ArrayList<>(batch);
    for (int k = 0; k < batch; k++) {
      payload.add(SyntheticLoad.message(nextNonce++));
    }
    long target = nextNonce - 1;
    now++;
    for (int i = 0; i < N; i++) {
      execute(i, engines.get(i).handle(new Input.PayloadAvailable(now, payload)), counters);
    }
    while (!allCommitted(target)) {
      Delivery d = wire.poll();
      if (d == null) {
        throw new IllegalStateException("stalled before commit; state " + describe());
      }
      HotStuffMessage m = WireCodec.decode(d.envelope());
      verifiers.get(d.to()).preverify(List.of(m));
      Output out =
          engines.get(d.to()).handle(new Input.MessageReceived(now, peers.get(d.from()), m));
      execute(d.to(), out, counters);
    }
    counters.ops++;
    counters.cpuMicros += (THREADS.getCurrentThreadCpuTime() - cpu0) / 1_000;
  }

  private boolean allCommitted(long nonces) {
    for (MemoryLog log : logs) {
      if (log.committedMessages < nonces) {
        return false;
      }
    }
    return true;
  }

  private String describe() {
    StringBuilder sb = new StringBuilder();
    for (HotStuffEngine e : engines) {
      sb.append(e.describeState()).append("; ");
    }
    return sb.toString();
  }

  private void execute(int node, Output out, Counters counters) {
    for (Action a : out.actions()) {
      switch (a) {
        case Action.PersistSafety p -> counters.storedBytes += p.record().encode().length;
        case Action.Send s -> {
          int to = peers.indexOf(s.to());
          if (to != node) {
            wire.add(new Delivery(to, node, WireCodec.encode(s.message())));
          }
        }
        case Action.Broadcast b -> {
          Envelope e = WireCodec.encode(b.message());
          for (int to = 0; to < N; to++) {
            if (to != node) {
              wire.add(new Delivery(to, node, e));
            }
          }
        }
        case Action.Commit c -> {
          logs.get(node).append(c.block(), c.proof());
          counters.storedBytes += WireCodec.committed(c.block(), c.proof()).toByteArray().length;
          counters.blocks++;
        }
        case Action.ScheduleTimer t -> {}
      }
    }
  }
}
