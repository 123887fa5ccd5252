package io.trestle.consensus.hotstuff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.VoteData;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.Input;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.sim.FakeCrypto;
import io.trestle.consensus.sim.Workload;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Votes that commit messages go to every member, so each replica assembles the committing QC and
 * commits one hop before the next leader's proposal would bring it. Node 0 of 4 is the replica; the
 * leaders of views 1, 2, 3 are nodes 1, 2, 3.
 */
class VoteToAllTest {
  private final EngineHarness h = new EngineHarness(0);
  private long now = 0;

  private Output handle(Input.MessageReceived in) {
    return h.engine.handle(in);
  }

  private Output deliver(int from, HotStuffMessage m) {
    return handle(new Input.MessageReceived(++now, EngineHarness.peer(from), m));
  }

  private HotStuffMessage.Vote vote(VoteData d, int signer) {
    return new HotStuffMessage.Vote(
        d, signer, FakeCrypto.signer(EngineHarness.key(signer)).sign(d.hash()));
  }

  /** Starts node 0 and has it vote for b1 (view 1, {@code payload}) and b2 (view 2, empty). */
  private Block[] twoViews(boolean payload) {
    h.engine.handle(new Input.Start(0, Optional.empty()));
    Block b1 =
        h.block(1, h.genesis().justify(), payload ? List.of(Workload.message(1, 1)) : List.of());
    deliver(1, new HotStuffMessage.Proposal(b1));
    Block b2 = h.block(2, h.qc(h.voteData(b1), 1, 2, 3), List.of());
    return new Block[] {b1, b2};
  }

  @Test
  void aVoteThatCommitsMessagesGoesToEveryMember() {
    Block[] b = twoViews(true);
    Output out = deliver(2, new HotStuffMessage.Proposal(b[1]));
    var all = EngineHarness.all(out, Action.Broadcast.class);
    assertEquals(1, all.size());
    var v = assertInstanceOf(HotStuffMessage.Vote.class, all.getFirst().message());
    assertEquals(1, v.data().commitHeight());
    assertTrue(EngineHarness.all(out, Action.Send.class).isEmpty());
    assertInstanceOf(Action.PersistSafety.class, out.actions().getFirst());
  }

  @Test
  void aVoteThatCommitsOnlyEmptyBlocksGoesToTheNextLeaderOnly() {
    Block[] b = twoViews(false);
    Output out = deliver(2, new HotStuffMessage.Proposal(b[1]));
    assertTrue(EngineHarness.all(out, Action.Broadcast.class).isEmpty());
    var send = EngineHarness.all(out, Action.Send.class);
    assertEquals(1, send.size());
    assertEquals(EngineHarness.peer(3), send.getFirst().to());
  }

  @Test
  void aReplicaCommitsOnTheQcItAssemblesWithoutPersistingOrVotingAgain() {
    Block[] b = twoViews(true);
    deliver(2, new HotStuffMessage.Proposal(b[1]));
    VoteData d2 = h.voteData(b[1]);
    Output first = deliver(1, vote(d2, 1));
    assertTrue(first.isEmpty(), "two of three votes: no QC yet");
    Output out = deliver(2, vote(d2, 2));
    var commits = EngineHarness.all(out, Action.Commit.class);
    assertEquals(1, commits.size());
    assertEquals(b[0], commits.getFirst().block());
    QuorumCertificate proof = commits.getFirst().proof();
    assertEquals(1, proof.data().commitHeight());
    assertEquals(3, proof.signatures().size());
    assertTrue(EngineHarness.all(out, Action.PersistSafety.class).isEmpty());
    assertTrue(EngineHarness.votes(out).isEmpty());
    assertEquals(2, h.engine.currentView, "the view moves only with the next proposal");
    assertEquals(1, h.engine.highQc.data().view(), "highQc moves only with the next proposal");
    assertEquals(2, h.engine.lastVotedView);
    assertTrue(deliver(3, vote(d2, 3)).isEmpty(), "a late vote of a certified view is ignored");
    // The next leader's proposal brings an equivalent QC: no second commit, one vote in view 3.
    Block b3 = h.block(3, h.qc(d2, 1, 2, 3), List.of());
    Output next = deliver(3, new HotStuffMessage.Proposal(b3));
    assertTrue(EngineHarness.all(next, Action.Commit.class).isEmpty());
    assertEquals(2, h.engine.highQc.data().view());
    assertInstanceOf(Action.PersistSafety.class, next.actions().getFirst());
    assertEquals(3, h.engine.lastVotedView, "votes for b3 (kept: node 0 leads view 4)");
  }

  @Test
  void aReplicaIgnoresVotesThatCommitNothingNew() {
    Block[] b = twoViews(true);
    VoteData d1 = h.voteData(b[0]);
    assertEquals(0, d1.commitHeight());
    for (int s = 1; s <= 3; s++) {
      assertTrue(deliver(s, vote(d1, s)).isEmpty(), "not the leader of view 2");
    }
    assertEquals(1, h.engine.currentView);
  }

  @Test
  void aTimeoutAfterAnAssembledQcReportsOnlyTheQcsItReceived() {
    Block[] b = twoViews(true);
    deliver(2, new HotStuffMessage.Proposal(b[1]));
    VoteData d2 = h.voteData(b[1]);
    deliver(1, vote(d2, 1));
    assertEquals(1, EngineHarness.all(deliver(2, vote(d2, 2)), Action.Commit.class).size());
    Output out = h.engine.handle(new Input.TimerFired(10_000, HotStuffEngine.VIEW_TIMER));
    var timeout =
        assertInstanceOf(
            HotStuffMessage.Timeout.class,
            EngineHarness.all(out, Action.Broadcast.class).getFirst().message());
    assertEquals(2, timeout.data().view());
    assertEquals(1, timeout.data().highQcView());
  }
}
