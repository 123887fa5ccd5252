package io.trestle.consensus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.sim.CrashFaultSimulation;
import io.trestle.consensus.sim.TestCommittee;
import io.trestle.consensus.sim.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link ConsensusEngine} contract, run against every engine (HotStuff, Raft, the epoch
 * switch): a subclass says how to build one member's engine. Covers the interface's javadoc (inputs
 * before {@code Start} ignored, foreign and hostile messages ignored without exception,
 * determinism, {@code PayloadAvailable} duplicates ignored even after commit) and, in the
 * crash-fault simulator, agreement, valid commit proofs, each message committed once and liveness
 * after faults heal.
 */
public abstract class ConsensusEngineContract {
  /** The engine a committee names for this implementation. */
  protected abstract io.trestle.canonical.v1.ConsensusEngine kind();

  /** A fresh engine for member {@code self} (key {@code key}) of {@code committee}. */
  protected abstract ConsensusEngine create(
      Committee committee,
      int self,
      byte[] key,
      CommittedLog log,
      ObservationOracle oracle,
      Terminator terminator);

  private record Foreign(int x) implements EngineMessage {}

  private static final Terminator FAIL =
      v -> {
        throw new AssertionError("invariant: " + v.getMessage() + "\n" + v.stateDump(), v);
      };

  private static final ObservationOracle ALL = (id, m) -> ObservationOracle.Verdict.OBSERVED;

  protected Committee committee(int n, long seed) {
    Committee c = TestCommittee.ofSize(n, seed);
    return new Committee(c.committeeId(), 0, kind(), c.members());
  }

  private ConsensusEngine member(Committee c, int i, long seed) {
    return create(c, i, TestCommittee.key(seed, i), new EmptyLog(), ALL, FAIL);
  }

  @Test
  void inputsBeforeStartAreIgnored() {
    ConsensusEngine e = member(committee(4, 1), 0, 1);
    assertTrue(e.handle(new Input.TimerFired(5, 1)).isEmpty());
    assertTrue(e.handle(new Input.PayloadAvailable(5, List.of(Workload.message(1, 1)))).isEmpty());
    assertTrue(e.handle(new Input.ObservationsChanged(6)).isEmpty());
  }

  @Test
  void startSchedulesATimer() {
    ConsensusEngine e = member(committee(4, 2), 1, 2);
    Output out = e.handle(new Input.Start(0, Optional.empty()));
    assertTrue(
        out.actions().stream().anyMatch(a -> a instanceof Action.ScheduleTimer), out.toString());
  }

  @Test
  void foreignAndUnknownSendersAreIgnored() {
    long seed = 3;
    ConsensusEngine e = member(committee(4, seed), 0, seed);
    e.handle(new Input.Start(0, Optional.empty()));
    String before = e.describeState();
    assertTrue(
        e.handle(new Input.MessageReceived(1, TestCommittee.peer(seed, 1), new Foreign(1)))
            .isEmpty());
    e.handle(new Input.MessageReceived(2, TestCommittee.peer(seed + 1, 9), new Foreign(2)));
    assertEquals(before, e.describeState());
  }

  @Test
  void sameInputsSameOutputs() {
    long seed = 4;
    Committee c = committee(4, seed);
    List<String> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      ConsensusEngine e = member(c, 2, seed);
      StringBuilder sb = new StringBuilder();
      List<Input> inputs =
          List.of(
              new Input.Start(0, Optional.empty()),
              new Input.PayloadAvailable(
                  10, List.of(Workload.message(4, 1), Workload.message(4, 2))),
              new Input.ObservationsChanged(11),
              new Input.TimerFired(5_000, 1),
              new Input.TimerFired(10_000, 2),
              new Input.TimerFired(20_000, 1));
      for (Input in : inputs) {
        sb.append(render(e.handle(in))).append(" | ");
      }
      runs.add(sb + e.describeState());
    }
    assertEquals(runs.get(0), runs.get(1));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15, 16})
  void committeeAgreesAndStaysLiveUnderCrashFaults(long seed) {
    Committee c = committee(4, seed);
    CommitteeView view = new CommitteeView(c);
    CrashFaultSimulation.Options options = CrashFaultSimulation.Options.crashFaults(seed, 4, 1);
    CrashFaultSimulation sim =
        new CrashFaultSimulation(
            options,
            node -> create(c, node.index, node.key, node.log, node.oracle(), FAIL),
            epoch -> view);
    sim.run();
    assertTrue(sim.minCommittedHeight() > 0);
  }

  /** "Duplicates (same id) are ignored" holds after the message committed too. */
  @Test
  void payloadCommittedBeforeIsNotProposedAgain() {
    long seed = 21;
    Committee c = committee(4, seed);
    CommitteeView view = new CommitteeView(c);
    CrossChainMessage late = Workload.message(seed, 1);
    CrashFaultSimulation.Options options =
        new CrashFaultSimulation.Options(
            seed,
            4,
            0,
            0,
            false,
            0,
            500,
            3_000,
            20,
            List.of(
                new CrashFaultSimulation.Injection(1_500, late),
                new CrashFaultSimulation.Injection(2_500, late)));
    new CrashFaultSimulation(
            options,
            node -> create(c, node.index, node.key, node.log, node.oracle(), FAIL),
            epoch -> view)
        .run();
  }

  private static String render(Output out) {
    StringBuilder sb = new StringBuilder();
    for (Action a : out.actions()) {
      sb.append(
              switch (a) {
                case Action.PersistSafety p -> "P" + Arrays.hashCode(p.record().encode());
                case Action.Send s -> "S" + s.to() + s.message().getClass().getSimpleName();
                case Action.Broadcast b -> "B" + b.message().getClass().getSimpleName();
                case Action.Commit cm -> "C" + cm.block().hash();
                case Action.ScheduleTimer t -> "T" + t.timerId() + "@" + t.atMs();
              })
          .append(',');
    }
    return sb.toString();
  }

  /** A committed log holding nothing beyond genesis. */
  private static final class EmptyLog implements CommittedLog {
    @Override
    public long tipHeight() {
      return 0;
    }

    @Override
    public Optional<io.trestle.consensus.core.Block> block(long height) {
      return Optional.empty();
    }

    @Override
    public Optional<io.trestle.canonical.v1.QuorumCertificate> proof(long height) {
      return Optional.empty();
    }
  }
}
