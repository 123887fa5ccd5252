package io.trestle.consensus.raft;

import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.VoteData;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.CommittedLog;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.consensus.core.ConsensusEngine;
import io.trestle.consensus.core.Input;
import io.trestle.consensus.core.InvariantViolation;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.core.SafetyRecord;
import io.trestle.consensus.core.SignatureVerifier;
import io.trestle.consensus.core.Signer;
import io.trestle.consensus.core.Terminator;
import io.trestle.consensus.raft.RaftMessage.Append;
import io.trestle.consensus.raft.RaftMessage.AppendReply;
import io.trestle.consensus.raft.RaftMessage.RequestVote;
import io.trestle.consensus.raft.RaftMessage.VoteReply;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Raft (Ongaro and Ousterhout, USENIX ATC 2014) as a pure state machine behind {@link
 * ConsensusEngine}, for committees whose operators trust each other: it tolerates crashes,
 * restarts, loss, reordering and partitions of fewer than half of the weight, not Byzantine
 * members.
 *
 * <ul>
 *   <li>Log entries are blocks: index = height, term = {@code header.view}, each linked to its
 *       parent by hash. Majorities are by weight (more than half of the total).
 *   <li>An entry is committed when a majority stores it and it is of the leader's term (§5.4.2);
 *       every new leader appends an empty block first (§8) so older entries commit.
 *   <li>A committed block is emitted as {@link Action.Commit} once its commit QC (more than 2/3 of
 *       the weight, see {@link CommitCertifier}) is known, in height order, never above the epoch's
 *       last height ({@code lastHeight} port, {@code Long.MAX_VALUE} while unknown).
 *   <li>Term, vote and the entries above the committed tip are saved by the output's first action
 *       whenever they change, before any message of that output (persist before send).
 *   <li>The leader proposes only messages its {@link ObservationOracle} reports observed; pending
 *       messages are kept by every member until they commit, so a new leader re-proposes them.
 * </ul>
 *
 * Timer ids: {@value #ELECTION_TIMER} (election timeout) and {@value #HEARTBEAT_TIMER} (leader
 * heartbeat). See {@link RaftConfig} for the deterministic timeout spread.
 */
public final class RaftEngine implements ConsensusEngine {
  public static final long ELECTION_TIMER = 1;
  public static final long HEARTBEAT_TIMER = 2;
  static final int MAX_VOTES_PER_REPLY = 32;
  private static final int INPUT_HISTORY = 64;

  enum Role {
    FOLLOWER,
    CANDIDATE,
    LEADER
  }

  final RaftConfig config;
  final CommitteeView committee;
  final int self;
  final CommittedLog committed;
  final ObservationOracle oracle;
  final LongSupplier lastHeight;
  private final Terminator terminator;
  final CommitCertifier certifier;
  final Payloads payloads;
  private final ArrayDeque<Input> history = new ArrayDeque<>();

  boolean started;
  private boolean halted;
  Role role = Role.FOLLOWER;
  long term;
  int votedFor = -1;
  int leader = -1;
  RaftLog log;
  long commitIndex;
  long emitted;

  /** Highest height whose own commit vote the leader has counted in this term. */
  long selfVotedUpTo;

  QuorumCertificate highQc;
  private long electionDeadline;
  private final List<Integer> votes = new ArrayList<>();
  Progress[] progress;
  long now;
  final List<Action> out = new ArrayList<>();
  boolean persist;

  /**
   * @param self this node's signer index in {@code committee}
   * @param lastHeight the epoch's last height, {@code Long.MAX_VALUE} while no rotation fixed it;
   *     may change between two {@code handle} calls
   */
  public RaftEngine(
      RaftConfig config,
      CommitteeView committee,
      int self,
      Signer signer,
      SignatureVerifier verifier,
      ObservationOracle oracle,
      CommittedLog committed,
      Terminator terminator,
      LongSupplier lastHeight) {
    if (!committee.isMember(self)) {
      throw new IllegalArgumentException("self " + self + " is not a member");
    }
    this.config = config;
    this.committee = committee;
    this.self = self;
    this.committed = new GenesisLog(committed, genesis(committee.committee().committeeId()));
    this.oracle = oracle;
    this.terminator = terminator;
    this.lastHeight = lastHeight;
    this.certifier = new CommitCertifier(committee, signer, verifier);
    this.payloads = new Payloads(this);
  }

  @Override
  public Output handle(Input input) {
    if (halted) {
      throw new IllegalStateException("engine halted after an invariant violation");
    }
    if (history.size() == INPUT_HISTORY) {
      history.removeFirst();
    }
    history.addLast(input);
    if (!started && !(input instanceof Input.Start)) {
      return Output.EMPTY;
    }
    now = Math.max(now, input.nowMs());
    out.clear();
    persist = false;
    try {
      if (started) {
        long tip = committed.tipHeight();
        log.pruneTo(Math.min(tip, emitted));
        certifier.forgetTo(Math.min(tip, emitted));
      }
      switch (input) {
        case Input.Start s -> start(s);
        case Input.MessageReceived m -> receive(m);
        case Input.TimerFired t -> timer(t);
        case Input.PayloadAvailable p -> payloads.add(p.messages());
        case Input.ObservationsChanged o -> {}
      }
      if (role == Role.LEADER) {
        new Replication(this).proposeAndSend();
      }
      List<Action> actions = new ArrayList<>(out.size() + 1);
      if (persist) {
        actions.add(new Action.PersistSafety(safetyRecord()));
      }
      actions.addAll(out);
      return new Output(actions);
    } catch (InvariantViolation v) {
      throw v;
    } catch (RuntimeException e) {
      throw fail("unexpected " + e);
    }
  }

  /**
   * The genesis block at height 0 for deployment {@code committeeId}: the same block HotStuff
   * starts from (epoch, height and view 0, zero parent and payload root), certified by definition
   * by an unsigned QC. Used when the driver's committed log does not store height 0.
   */
  public static Block genesis(byte[] committeeId) {
    BlockHeader g = new BlockHeader(committeeId, 0, 0, 0, new byte[32], 0, new byte[32], 0, 0, 0);
    VoteData d = new VoteData(committeeId, 0, 0, 0, g.hash(), 0, new byte[32]);
    return new Block(
        g, List.of(), new QuorumCertificate(d, new byte[0], List.of()), Optional.empty());
  }

  RaftSafety safetyRecord() {
    return new RaftSafety(term, votedFor, log.uncommittedEntries());
  }

  private void start(Input.Start s) {
    if (started) {
      return;
    }
    started = true;
    log = new RaftLog(committed);
    long tip = log.base();
    commitIndex = tip;
    emitted = tip;
    highQc = committed.proof(tip).orElseGet(() -> committed.block(tip).orElseThrow().justify());
    if (s.restored().isPresent()) {
      SafetyRecord r = s.restored().get();
      if (!(r instanceof RaftSafety rs)) {
        throw fail("restored safety record is not Raft's: " + r.getClass().getSimpleName());
      }
      term = rs.term();
      votedFor = rs.votedFor();
      for (Block b : rs.entries()) {
        if (b.height() <= tip) {
          if (!log.hashAt(b.height()).orElseThrow().equals(b.hash())) {
            throw fail("restored entry " + b.height() + " differs from the committed block");
          }
        } else if (!log.append(b)) {
          throw fail("restored entry " + b.height() + " does not extend the log");
        }
      }
    }
    if (log.lastTerm() > term) {
      term = log.lastTerm();
      votedFor = -1;
    }
    payloads.loadCommitted(tip);
    resetElectionTimer();
  }

  private void receive(Input.MessageReceived m) {
    if (!(m.message() instanceof RaftMessage msg)) {
      return;
    }
    int from = committee.indexOf(m.from().key().bytes());
    if (from < 0 || from == self) {
      return;
    }
    if (msg.term() > term) {
      becomeFollower(msg.term());
    }
    switch (msg) {
      case RequestVote rv -> onRequestVote(from, rv);
      case VoteReply vr -> onVoteReply(from, vr);
      case Append a -> new FollowerSide(this).onAppend(from, a);
      case AppendReply r -> new Replication(this).onReply(from, r);
    }
  }

  /**
   * §5.2 and §5.4.1: one vote per term, only for a candidate whose log is at least as up to date.
   */
  private void onRequestVote(int from, RequestVote rv) {
    boolean upToDate =
        rv.lastTerm() > log.lastTerm()
            || (rv.lastTerm() == log.lastTerm() && rv.lastIndex() >= log.lastIndex());
    boolean grant =
        rv.term() == term
            && (votedFor == -1 || votedFor == from)
            && upToDate
            && role != Role.LEADER;
    if (grant && votedFor != from) {
      votedFor = from;
      persist = true;
    }
    if (grant) {
      resetElectionTimer();
    }
    send(from, new VoteReply(term, grant));
  }

  private void onVoteReply(int from, VoteReply vr) {
    if (role != Role.CANDIDATE || vr.term() != term || !vr.granted() || votes.contains(from)) {
      return;
    }
    votes.add(from);
    if (majority(votes)) {
      becomeLeader();
    }
  }

  private void timer(Input.TimerFired t) {
    if (t.timerId() == ELECTION_TIMER && role != Role.LEADER && now >= electionDeadline) {
      startElection();
    } else if (t.timerId() == HEARTBEAT_TIMER && role == Role.LEADER) {
      new Replication(this).heartbeat();
      out.add(new Action.ScheduleTimer(HEARTBEAT_TIMER, now + config.heartbeatMs()));
    }
  }

  private void startElection() {
    term++;
    votedFor = self;
    persist = true;
    role = Role.CANDIDATE;
    leader = -1;
    votes.clear();
    votes.add(self);
    resetElectionTimer();
    if (majority(votes)) {
      becomeLeader();
      return;
    }
    out.add(new Action.Broadcast(new RequestVote(term, log.lastIndex(), log.lastTerm())));
  }

  private void becomeLeader() {
    role = Role.LEADER;
    leader = self;
    selfVotedUpTo = emitted;
    progress = new Progress[committee.size()];
    for (int i = 0; i < progress.length; i++) {
      progress[i] = new Progress(log.lastIndex(), log.base());
    }
    new Replication(this).appendNoop();
    out.add(new Action.ScheduleTimer(HEARTBEAT_TIMER, now + config.heartbeatMs()));
  }

  void becomeFollower(long newTerm) {
    if (newTerm > term) {
      term = newTerm;
      votedFor = -1;
      persist = true;
    }
    if (role != Role.FOLLOWER) {
      role = Role.FOLLOWER;
      progress = null;
      resetElectionTimer();
    }
    leader = -1;
  }

  void resetElectionTimer() {
    electionDeadline = now + config.electionTimeout(self, term);
    out.add(new Action.ScheduleTimer(ELECTION_TIMER, electionDeadline));
  }

  /** True when {@code members} hold more than half of the committee's weight. */
  boolean majority(Iterable<Integer> members) {
    long w = 0;
    for (int m : members) {
      w += committee.weight(m);
    }
    return 2 * w > committee.totalWeight();
  }

  void send(int to, RaftMessage message) {
    out.add(new Action.Send(PeerId.of(committee.publicKey(to)), message));
  }

  /**
   * Emits the committed blocks whose commit QC is known, in height order without gaps, up to the
   * commit index and the epoch's last height.
   */
  void emitCommits() {
    long limit = Math.min(commitIndex, lastHeight.getAsLong());
    while (emitted < limit) {
      long h = emitted + 1;
      Optional<QuorumCertificate> qc = certifier.qc(h);
      Optional<Block> block = log.entry(h);
      if (qc.isEmpty() || block.isEmpty()) {
        return;
      }
      out.add(new Action.Commit(block.get(), qc.get()));
      payloads.committed(block.get());
      highQc = qc.get();
      emitted = h;
    }
  }

  InvariantViolation fail(String what) {
    InvariantViolation v = new InvariantViolation(what, describeState(), List.copyOf(history));
    halted = true;
    terminator.halt(v);
    return v;
  }

  @Override
  public String describeState() {
    return "raft member="
        + self
        + " epoch="
        + committee.epoch()
        + " role="
        + role
        + " term="
        + term
        + " votedFor="
        + votedFor
        + " leader="
        + leader
        + (log == null
            ? " (not started)"
            : " base="
                + log.base()
                + " last="
                + log.lastIndex()
                + "@"
                + log.lastTerm()
                + " commit="
                + commitIndex
                + " emitted="
                + emitted
                + " pending="
                + payloads.size()
                + " qcs="
                + certifier.pendingQcs());
  }
}
