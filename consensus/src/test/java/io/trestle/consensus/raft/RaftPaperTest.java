package io.trestle.consensus.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.Certificates;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.Input;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.raft.RaftMessage.Append;
import io.trestle.consensus.raft.RaftMessage.RequestVote;
import io.trestle.consensus.raft.RaftMessage.VoteReply;
import io.trestle.consensus.sim.FakeCrypto;
import io.trestle.consensus.sim.Workload;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Scripted scenarios named after the sections of the Raft paper (Ongaro and Ousterhout, USENIX ATC
 * 2014) they check, in the manner of etcd's raft_paper_test.go, plus the commit certification that
 * Trestle adds.
 */
class RaftPaperTest {

  /** §5.1: a server that sees a higher term adopts it, and saves it before answering. */
  @Test
  void followerAdoptsHigherTermAndPersistsBeforeReplying() {
    RaftHarness h = new RaftHarness(3);
    Output out = h.input(0, new Input.MessageReceived(1, h.peer(1), new RequestVote(5, 0, 0)));
    assertInstanceOf(Action.PersistSafety.class, out.actions().getFirst());
    assertEquals(5, h.record(0).term());
    assertEquals(5, h.engines[0].term);
  }

  /** §5.2: servers start as followers and schedule an election timeout in [T, 2T). */
  @Test
  void startsAsFollowerWithElectionTimer() {
    RaftHarness h = new RaftHarness(3);
    assertEquals(RaftEngine.Role.FOLLOWER, h.engines[0].role);
    Action.ScheduleTimer t =
        (Action.ScheduleTimer)
            h.outputs.get(0).getFirst().actions().stream()
                .filter(a -> a instanceof Action.ScheduleTimer)
                .findFirst()
                .orElseThrow();
    assertEquals(RaftEngine.ELECTION_TIMER, t.timerId());
    assertTrue(t.atMs() >= 300 && t.atMs() < 600, "timeout " + t.atMs());
  }

  /** §5.2: on timeout a follower increments its term, votes for itself (saved first), asks all. */
  @Test
  void electionTimeoutStartsElection() {
    RaftHarness h = new RaftHarness(3);
    Output out = h.timeout(0);
    RaftSafety saved = (RaftSafety) ((Action.PersistSafety) out.actions().getFirst()).record();
    assertEquals(1, saved.term());
    assertEquals(0, saved.votedFor());
    assertTrue(
        out.actions().contains(new Action.Broadcast(new RequestVote(1, 0, 0))), out.toString());
    assertEquals(RaftEngine.Role.CANDIDATE, h.engines[0].role);
  }

  /** §5.2: a candidate with votes from a majority becomes leader and sends AppendEntries. */
  @Test
  void majorityOfVotesElectsLeader() {
    RaftHarness h = new RaftHarness(5);
    h.timeout(0);
    h.settle();
    assertEquals(RaftEngine.Role.LEADER, h.engines[0].role);
    for (int i = 1; i < 5; i++) {
      assertEquals(0, h.engines[i].leader);
      assertEquals(1, h.engines[i].term);
    }
  }

  /** §5.2: at most one vote per term, also after a crash and restart from the saved record. */
  @Test
  void oneVotePerTermSurvivesRestart() {
    RaftHarness h = new RaftHarness(3);
    Output first = h.input(2, new Input.MessageReceived(1, h.peer(0), new RequestVote(1, 0, 0)));
    assertInstanceOf(Action.PersistSafety.class, first.actions().getFirst());
    assertTrue(first.actions().stream().anyMatch(RaftPaperTest::granted));
    h.boot(2);
    Output second = h.input(2, new Input.MessageReceived(2, h.peer(1), new RequestVote(1, 0, 0)));
    assertFalse(second.actions().stream().anyMatch(RaftPaperTest::granted));
    assertEquals(0, h.record(2).votedFor());
  }

  /** §5.4.1: a voter refuses a candidate whose log is less up to date than its own. */
  @Test
  void voterRefusesCandidateWithStaleLog() {
    RaftHarness h = new RaftHarness(3);
    h.timeout(0);
    h.settle();
    h.payload(0, Workload.message(1, 1));
    h.settle();
    assertTrue(h.engines[2].log.lastIndex() >= 2);
    Output out = h.input(2, new Input.MessageReceived(h.now, h.peer(1), new RequestVote(9, 0, 0)));
    assertFalse(out.actions().stream().anyMatch(RaftPaperTest::granted));
    assertEquals(-1, h.record(2).votedFor());
  }

  /** §5.3: a follower replaces an uncommitted conflicting entry with the leader's. */
  @Test
  void followerTruncatesConflictingEntries() {
    RaftHarness h = new RaftHarness(3);
    h.timeout(0);
    h.settle(); // node 0 leads term 1 with its empty block at height 1 everywhere... now isolate it
    h.payload(0, Workload.message(1, 1));
    h.network.clear(); // node 0 appended height 2 (term 1) that nobody else received
    Block stale = h.engines[0].log.entry(2).orElseThrow();
    h.timeout(1);
    h.settle(0); // node 1 wins term 2 with node 2's vote and appends its own height 2
    assertEquals(RaftEngine.Role.LEADER, h.engines[1].role);
    h.heartbeat(1);
    h.settle();
    Block replaced = h.engines[0].log.entry(2).orElseThrow();
    assertEquals(2, replaced.view());
    assertFalse(replaced.hash().equals(stale.hash()));
    assertEquals(
        2,
        h.record(0).entries().stream()
            .filter(b -> b.height() == 2)
            .findFirst()
            .orElseThrow()
            .view());
  }

  /** §5.3 and §5.4: all members commit the same blocks, each with a >2/3 commit QC naming it. */
  @Test
  void committedBlocksCarryQuorumCertificates() {
    RaftHarness h = new RaftHarness(4);
    h.timeout(0);
    h.settle();
    h.payload(0, Workload.message(3, 1), Workload.message(3, 2));
    h.settle();
    h.heartbeat(0);
    h.settle();
    Certificates certs = new Certificates(FakeCrypto.VERIFIER, 8);
    long tip = h.logs[0].tipHeight();
    assertTrue(tip >= 2, "tip " + tip);
    for (int i = 0; i < 4; i++) {
      assertEquals(tip, h.logs[i].tipHeight());
      for (int k = 0; k < tip; k++) {
        Block b = h.logs[i].blocks.get(k);
        var qc = h.logs[i].proofs.get(k);
        assertEquals(h.logs[0].blocks.get(k).hash(), b.hash());
        assertEquals(b.hash(), Hash32.of(qc.data().commitHash()));
        assertTrue(certs.checkQc(qc, h.view).isEmpty());
      }
    }
  }

  /**
   * Commit certification needs more than 2/3 of the weight while ordering needs a majority: with
   * one of three members down the leader commits, but no {@code Commit} leaves until it is back.
   */
  @Test
  void certificationWaitsForTwoThirds() {
    RaftHarness h = new RaftHarness(3);
    h.timeout(0);
    h.settle(2);
    h.payload(0, Workload.message(4, 1));
    h.settle(2);
    h.heartbeat(0);
    h.settle(2);
    assertTrue(h.engines[0].commitIndex >= 2);
    assertEquals(0, h.logs[0].tipHeight());
    h.heartbeat(0);
    h.settle();
    h.heartbeat(0);
    h.settle();
    assertEquals(h.engines[0].commitIndex, h.logs[0].tipHeight());
    assertEquals(h.logs[0].tipHeight(), h.logs[2].tipHeight());
  }

  /** The leader proposes only what its oracle observed (external validity kept under Raft). */
  @Test
  void leaderProposesOnlyObservedMessages() {
    RaftHarness h = new RaftHarness(3);
    Set<Hash32> observed = new HashSet<>();
    h.oracle =
        (id, m) ->
            observed.contains(id)
                ? io.trestle.consensus.core.ObservationOracle.Verdict.OBSERVED
                : io.trestle.consensus.core.ObservationOracle.Verdict.PENDING;
    h.timeout(0);
    h.settle();
    var m = Workload.message(5, 1);
    h.payload(0, m);
    h.settle();
    assertTrue(h.engines[0].log.slice(1, 99).stream().allMatch(b -> b.messages().isEmpty()));
    observed.add(Hash32.of(m.hash()));
    h.input(0, new Input.ObservationsChanged(h.now));
    h.settle();
    assertTrue(h.engines[0].log.slice(1, 99).stream().anyMatch(b -> b.messages().contains(m)));
  }

  /** Same construction and inputs, same outputs: the election timeout spread is not random. */
  @Test
  void deterministicReplay() {
    RaftHarness a = new RaftHarness(3);
    RaftHarness b = new RaftHarness(3);
    for (RaftHarness h : new RaftHarness[] {a, b}) {
      h.timeout(1);
      h.settle();
      h.payload(1, Workload.message(6, 1));
      h.settle();
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(render(a.outputs.get(i)), render(b.outputs.get(i)));
      assertArrayEquals(a.record(i).encode(), b.record(i).encode());
    }
    RaftConfig c = a.config;
    assertFalse(
        c.electionTimeout(0, 1) == c.electionTimeout(1, 1)
            && c.electionTimeout(0, 2) == c.electionTimeout(1, 2));
  }

  /** The saved record round-trips and every truncation is a typed error. */
  @Test
  void safetyRecordCodec() {
    RaftHarness h = new RaftHarness(3);
    h.timeout(0);
    h.settle();
    h.payload(0, Workload.message(8, 1), Workload.message(8, 2));
    RaftSafety r = h.record(0);
    assertFalse(r.entries().isEmpty());
    byte[] bytes = r.encode();
    RaftSafety back = RaftSafety.decode(bytes);
    assertArrayEquals(bytes, back.encode());
    assertEquals(r.term(), back.term());
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThrows(IllegalArgumentException.class, () -> RaftSafety.decode(cut), "length " + len);
    }
  }

  /** A byte-exact rendering of outputs (records holding arrays print identities otherwise). */
  private static String render(java.util.List<Output> outputs) {
    StringBuilder sb = new StringBuilder();
    for (Output o : outputs) {
      for (Action a : o.actions()) {
        sb.append(
            switch (a) {
              case Action.PersistSafety p -> "persist " + Arrays.hashCode(p.record().encode());
              case Action.Send s -> "send " + s.to() + " " + describe((RaftMessage) s.message());
              case Action.Broadcast br -> "all " + describe((RaftMessage) br.message());
              case Action.Commit c ->
                  "commit " + c.block().hash() + " " + c.proof().encode().length;
              case Action.ScheduleTimer t -> "timer " + t.timerId() + "@" + t.atMs();
            });
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  private static String describe(RaftMessage m) {
    return switch (m) {
      case Append ap ->
          "append t"
              + ap.term()
              + " prev "
              + ap.prevIndex()
              + " n"
              + ap.entries().size()
              + " c"
              + ap.leaderCommit()
              + " q"
              + ap.certificates().size();
      case RaftMessage.AppendReply r ->
          "reply t" + r.term() + " " + r.success() + " " + r.index() + " v" + r.votes().size();
      default -> m.toString();
    };
  }

  private static boolean granted(Action a) {
    return a instanceof Action.Send s && s.message() instanceof VoteReply v && v.granted();
  }

  static boolean isAppend(Action a) {
    return a instanceof Action.Send s && s.message() instanceof Append;
  }
}
