package io.trestle.consensus.hotstuff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Input;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.driver.TestCommittees;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Idle back-off on node 1, the leader of view 1 (base timeout 1 s, so idle delay 500 ms): with
 * nothing to propose it waits for payload instead of proposing an empty block at once.
 */
class IdleBackoffTest {
  private final EngineHarness h = new EngineHarness(1);

  private static List<HotStuffMessage.Proposal> proposals(Output out) {
    return EngineHarness.all(out, Action.Broadcast.class).stream()
        .filter(b -> b.message() instanceof HotStuffMessage.Proposal)
        .map(b -> (HotStuffMessage.Proposal) b.message())
        .toList();
  }

  @Test
  void anIdleLeaderWaitsThenProposesPayloadAsSoonAsItArrives() {
    Output started = h.engine.handle(new Input.Start(0, Optional.empty()));
    assertTrue(proposals(started).isEmpty(), "no empty block at once");
    var timers = EngineHarness.all(started, Action.ScheduleTimer.class);
    assertTrue(
        timers.stream()
            .anyMatch(t -> t.timerId() == HotStuffEngine.PROPOSE_TIMER && t.atMs() == 500),
        timers.toString());
    List<CrossChainMessage> payload = List.of(TestCommittees.message(1), TestCommittees.message(2));
    Output out = h.engine.handle(new Input.PayloadAvailable(20, payload));
    List<HotStuffMessage.Proposal> p = proposals(out);
    assertEquals(1, p.size());
    assertEquals(1, p.getFirst().block().view());
    assertEquals(2, p.getFirst().block().messages().size());
    assertTrue(
        out.actions().getFirst() instanceof Action.PersistSafety,
        "the leader's own vote is persisted first");
  }

  @Test
  void withoutPayloadTheLeaderProposesAnEmptyBlockWhenItsIdleTimerFires() {
    h.engine.handle(new Input.Start(0, Optional.empty()));
    Output early = h.engine.handle(new Input.TimerFired(499, HotStuffEngine.PROPOSE_TIMER));
    assertTrue(proposals(early).isEmpty(), "a timer before its deadline does nothing");
    Output out = h.engine.handle(new Input.TimerFired(500, HotStuffEngine.PROPOSE_TIMER));
    List<HotStuffMessage.Proposal> p = proposals(out);
    assertEquals(1, p.size());
    assertTrue(p.getFirst().block().messages().isEmpty());
    Output again =
        h.engine.handle(new Input.PayloadAvailable(501, List.of(TestCommittees.message(3))));
    assertTrue(proposals(again).isEmpty(), "one proposal per view");
  }
}
