package io.trestle.consensus.hotstuff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.CommittedLog;
import io.trestle.consensus.core.Input;
import io.trestle.consensus.core.InvariantViolation;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.sim.Workload;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The HotStuff rules one at a time, on one real engine (node 3) driven by scripted peers. */
class HotStuffEngineTest {
  private final EngineHarness h = new EngineHarness(3);

  private Output start() {
    return h.engine.handle(new Input.Start(0, Optional.empty()));
  }

  private Output deliver(int from, HotStuffMessage m) {
    return h.engine.handle(new Input.MessageReceived(10, EngineHarness.peer(from), m));
  }

  @Test
  void inputsBeforeStartAreIgnored() {
    Block b1 = h.block(1, h.genesis().justify(), List.of());
    assertTrue(deliver(1, new HotStuffMessage.Proposal(b1)).isEmpty());
  }

  @Test
  void startSchedulesTheViewTimer() {
    Output out = start();
    var timers = EngineHarness.all(out, Action.ScheduleTimer.class);
    assertEquals(1, timers.size());
    assertEquals(1_000, timers.getFirst().atMs());
  }

  @Test
  void votesForAValidProposalAfterPersistingTheSafetyState() {
    start();
    Block b1 = h.block(1, h.genesis().justify(), List.of());
    Output out = deliver(1, new HotStuffMessage.Proposal(b1));
    var persist = assertInstanceOf(Action.PersistSafety.class, out.actions().getFirst());
    assertEquals(1, ((HotStuffSafety) persist.record()).lastVotedView());
    var votes = EngineHarness.votes(out);
    assertEquals(1, votes.size());
    assertEquals(b1.hash(), EngineHarness.hashOf(votes.getFirst().data()));
    var send = EngineHarness.all(out, Action.Send.class).getFirst();
    assertEquals(EngineHarness.peer(2), send.to(), "votes go to the leader of the next view");
  }

  @Test
  void neverVotesForASecondBlockInTheSameView() {
    start();
    Block b1 = h.block(1, h.genesis().justify(), List.of());
    Block twin = h.block(1, h.genesis().justify(), List.of(Workload.message(1, 1)));
    assertEquals(1, EngineHarness.votes(deliver(1, new HotStuffMessage.Proposal(b1))).size());
    assertEquals(0, EngineHarness.votes(deliver(1, new HotStuffMessage.Proposal(twin))).size());
  }

  @Test
  void restartFromThePersistedRecordDoesNotVoteAgain() {
    start();
    Block b1 = h.block(1, h.genesis().justify(), List.of());
    Output out = deliver(1, new HotStuffMessage.Proposal(b1));
    var record = ((Action.PersistSafety) out.actions().getFirst()).record();
    HotStuffEngine restarted = h.newEngine();
    restarted.handle(new Input.Start(20, Optional.of(record)));
    Block twin = h.block(1, h.genesis().justify(), List.of(Workload.message(1, 1)));
    Output again =
        restarted.handle(
            new Input.MessageReceived(
                30, EngineHarness.peer(1), new HotStuffMessage.Proposal(twin)));
    assertTrue(EngineHarness.votes(again).isEmpty());
    assertEquals(record.encode().length, HotStuffSafety.decode(record.encode()).encode().length);
  }

  @Test
  void rejectsAProposalFromANonLeader() {
    start();
    Block b1 = h.block(1, h.genesis().justify(), List.of());
    Output out = deliver(2, new HotStuffMessage.Proposal(b1));
    assertEquals(1, EngineHarness.votes(out).size(), "sender does not matter, the header does");
    Block forged = h.block(2, h.genesis().justify(), List.of());
    assertTrue(EngineHarness.votes(deliver(0, new HotStuffMessage.Proposal(forged))).isEmpty());
  }

  @Test
  void rejectsAJustifyWithoutQuorumOrWithABadSignature() {
    start();
    Block b1 = h.block(1, h.genesis().justify(), List.of());
    QuorumCertificate weak = h.qc(h.voteData(b1), 0, 1);
    assertTrue(
        EngineHarness.votes(deliver(2, new HotStuffMessage.Proposal(h.block(2, weak, List.of()))))
            .isEmpty());
    QuorumCertificate good = h.qc(h.voteData(b1), 0, 1, 2);
    var sigs = new java.util.ArrayList<>(good.signatures());
    sigs.set(1, new byte[64]);
    QuorumCertificate forged = new QuorumCertificate(good.data(), good.signers(), sigs);
    assertTrue(
        EngineHarness.votes(deliver(2, new HotStuffMessage.Proposal(h.block(2, forged, List.of()))))
            .isEmpty());
  }

  @Test
  void waitsForItsWatcherBeforeVoting() {
    start();
    h.verdict = ObservationOracle.Verdict.PENDING;
    Block b1 = h.block(1, h.genesis().justify(), List.of(Workload.message(1, 7)));
    assertTrue(EngineHarness.votes(deliver(1, new HotStuffMessage.Proposal(b1))).isEmpty());
    assertTrue(EngineHarness.votes(h.engine.handle(new Input.ObservationsChanged(20))).isEmpty());
    h.verdict = ObservationOracle.Verdict.OBSERVED;
    Output out = h.engine.handle(new Input.ObservationsChanged(30));
    assertEquals(1, EngineHarness.votes(out).size());
    assertInstanceOf(Action.PersistSafety.class, out.actions().getFirst());
  }

  @Test
  void neverVotesForAMessageItsWatcherRefutes() {
    start();
    h.verdict = ObservationOracle.Verdict.REJECTED;
    Block b1 = h.block(1, h.genesis().justify(), List.of(Workload.message(1, 7)));
    assertTrue(EngineHarness.votes(deliver(1, new HotStuffMessage.Proposal(b1))).isEmpty());
  }

  @Test
  void commitsAParentWhenItsChildIsCertifiedInTheNextView() {
    EngineHarness h0 = new EngineHarness(0);
    h0.engine.handle(new Input.Start(0, Optional.empty()));
    Block b1 = h0.block(1, h0.genesis().justify(), List.of(Workload.message(1, 1)));
    h0.engine.handle(
        new Input.MessageReceived(5, EngineHarness.peer(1), new HotStuffMessage.Proposal(b1)));
    QuorumCertificate q1 = h0.qc(h0.voteData(b1), 1, 2, 3);
    Block b2 = h0.block(2, q1, List.of());
    Output out2 =
        h0.engine.handle(
            new Input.MessageReceived(6, EngineHarness.peer(2), new HotStuffMessage.Proposal(b2)));
    assertEquals(
        1, EngineHarness.votes(out2).getFirst().data().commitHeight(), "vote carries commit info");
    assertTrue(EngineHarness.all(out2, Action.Commit.class).isEmpty(), "no commit before the QC");
    QuorumCertificate q2 = h0.qc(h0.voteData(b2), 1, 2, 3);
    Block b3 = h0.block(3, q2, List.of());
    Output out3 =
        h0.engine.handle(
            new Input.MessageReceived(7, EngineHarness.peer(3), new HotStuffMessage.Proposal(b3)));
    var commits = EngineHarness.all(out3, Action.Commit.class);
    assertEquals(1, commits.size());
    assertEquals(b1, commits.getFirst().block());
    assertEquals(q2, commits.getFirst().proof());
  }

  @Test
  void timesOutThenMovesOnWithATimeoutCertificate() {
    start();
    Output fired = h.engine.handle(new Input.TimerFired(1_000, HotStuffEngine.VIEW_TIMER));
    var persist = assertInstanceOf(Action.PersistSafety.class, fired.actions().getFirst());
    assertEquals(1, ((HotStuffSafety) persist.record()).lastVotedView());
    var broadcasts = EngineHarness.all(fired, Action.Broadcast.class);
    assertInstanceOf(HotStuffMessage.Timeout.class, broadcasts.getFirst().message());
    QuorumCertificate g = h.genesis().justify();
    deliver(0, h.timeout(0, 1, g));
    Output tc = deliver(1, h.timeout(1, 1, g));
    assertTrue(h.engine.describeState().contains("view=2"), h.engine.describeState());
    assertEquals(1, EngineHarness.all(tc, Action.ScheduleTimer.class).size());
    Block late = h.block(1, g, List.of());
    assertTrue(EngineHarness.votes(deliver(1, new HotStuffMessage.Proposal(late))).isEmpty());
  }

  @Test
  void aTimerBeforeItsDeadlineDoesNothing() {
    start();
    assertTrue(h.engine.handle(new Input.TimerFired(999, HotStuffEngine.VIEW_TIMER)).isEmpty());
  }

  @Test
  void aCorruptCommittedLogHaltsThroughTheTerminator() {
    Block b1 = h.block(1, h.genesis().justify(), List.of());
    Block orphan =
        h.block(
            2, h.qc(h.voteData(h.block(5, h.genesis().justify(), List.of())), 0, 1, 2), List.of());
    h.log =
        new CommittedLog() {
          @Override
          public long tipHeight() {
            return 2;
          }

          @Override
          public Optional<Block> block(long height) {
            return Optional.of(height == 1 ? b1 : orphan);
          }

          @Override
          public Optional<QuorumCertificate> proof(long height) {
            return Optional.empty();
          }
        };
    HotStuffEngine engine = h.newEngine();
    assertThrows(
        InvariantViolation.class, () -> engine.handle(new Input.Start(0, Optional.empty())));
    assertEquals(1, h.halts.size());
    assertInstanceOf(Input.Start.class, h.halts.getFirst().lastInputs().getLast());
  }
}
