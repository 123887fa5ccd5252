package io.trestle.consensus.hotstuff;

import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.TimeoutCertificate;
import io.trestle.canonical.v1.VoteData;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.ObservationOracle.Verdict;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.core.SafetyRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The replica's protocol steps (proposals, votes, timeouts, view changes, commits, epoch switch)
 * over the state held by {@link HotStuffEngine}. Package-private; the rules are listed on {@link
 * HotStuffEngine}.
 */
final class Replica {
  /**
   * Votes for views more than this far ahead of the current view are dropped (bounds what a
   * Byzantine member can make a leader store); a leader that lagging loses at most that view.
   */
  private static final long VOTE_WINDOW = 2;

  private final HotStuffEngine e;
  private final Validation validation;
  private Block awaiting;
  private Hash32 awaitingHash;

  Replica(HotStuffEngine engine) {
    this.e = engine;
    this.validation = new Validation(engine);
  }

  Optional<String> checkBlock(Block block) {
    return validation.checkBlock(block);
  }

  void start(Optional<SafetyRecord> restored) {
    e.epochs =
        new Epochs(new CommitteeView(e.config.genesisCommittee()), e.genesisHash, e.genesisQc);
    e.tree = new BlockTree(e.genesis);
    long tip = e.log.tipHeight();
    for (long h = 1; h <= tip; h++) {
      Block b = e.log.block(h).orElseThrow(() -> e.fail("committed log has a gap"));
      if (!b.parentHash().equals(e.tree.rootHash())) {
        throw e.fail("committed log is not a chain at height " + b.height());
      }
      Hash32 hash = b.hash();
      e.tree.commitTo(hash, b);
      b.messageIds().forEach(e.mempool::remove);
      e.epochs.onCommitted(b);
      if (e.epochs.endsAt(h)) {
        e.epochs.advance(hash, e.log.proof(h).orElseThrow(() -> e.fail("no boundary proof")));
      }
    }
    e.lastVotedView = 0;
    e.highQc = e.epochs.startQc();
    if (restored.isPresent() && restored.get() instanceof HotStuffSafety s) {
      e.lastVotedView = s.lastVotedView();
      if (s.highQc().data().epoch() == e.epochs.current().epoch()
          && s.highQc().data().view() > e.highQc.data().view()) {
        e.highQc = s.highQc();
      }
    }
    e.started = true;
    enterView(Math.max(e.highQc.data().view() + 1, Math.max(1, e.lastVotedView)));
  }

  // ---- pacemaker ----

  void enterView(long view) {
    e.currentView = view;
    e.myTimeout = null;
    awaiting = null;
    long backoff =
        Math.min(e.config.maxBackoffExponent(), Math.max(0, view - 1 - e.highQc.data().view()));
    e.viewDeadline = e.now + (e.config.baseTimeoutMs() << backoff);
    e.out.add(new Action.ScheduleTimer(HotStuffEngine.VIEW_TIMER, e.viewDeadline));
    e.votes.pruneBelow(view - 1);
    e.timeouts.pruneBelow(view);
    maybePropose();
    e.committedPayload = false;
  }

  /** New payload: an idle leader of the current view proposes it at once. */
  void onPayload() {
    if (e.idleView == e.currentView && e.proposedView < e.currentView) {
      maybePropose();
    }
  }

  void onProposeTimer() {
    if (e.idleView == e.currentView && e.now >= e.idleDeadline) {
      maybePropose();
    }
  }

  void onTimer() {
    if (e.now < e.viewDeadline) {
      return;
    }
    int me = e.myIndex();
    if (me >= 0) {
      if (e.myTimeout == null) {
        if (e.lastVotedView < e.currentView) {
          e.lastVotedView = e.currentView;
          e.safetyDirty = true;
        }
        awaiting = null;
        var data = e.timeoutData(e.currentView);
        Optional<TimeoutCertificate> tc = e.lastTc.filter(t -> t.view() + 1 == e.currentView);
        var timeout =
            new HotStuffMessage.Timeout(data, e.highQc, tc, me, e.signer.sign(data.hash()));
        e.myTimeout = timeout;
        e.broadcast(timeout);
        collectTimeout(timeout);
      } else {
        e.broadcast(e.myTimeout);
      }
    }
    e.sync.retry();
    long backoff =
        Math.min(
            e.config.maxBackoffExponent(), Math.max(0, e.currentView - 1 - e.highQc.data().view()));
    e.viewDeadline = e.now + (e.config.baseTimeoutMs() << backoff);
    e.out.add(new Action.ScheduleTimer(HotStuffEngine.VIEW_TIMER, e.viewDeadline));
  }

  // ---- certificates ----

  /** Applies a verified QC: raises highQc, commits what it proves, advances the view. */
  void onQc(QuorumCertificate qc, PeerId from) {
    if (qc.data().view() > e.highQc.data().view()) {
      e.highQc = qc;
      e.safetyDirty = true;
      Hash32 certified = e.certifiedHash(qc);
      if (e.certifiedHeight(qc) > e.committedHeight() && !e.tree.contains(certified)) {
        e.sync.request(from, certified, e.committedHeight() + 1, false);
      }
    }
    if (qc.data().epoch() == e.epochs.current().epoch()
        && qc.data().commitHeight() > e.committedHeight()) {
      commit(qc, from);
    }
    if (qc.data().view() + 1 > e.currentView) {
      enterView(qc.data().view() + 1);
    }
  }

  /** Applies a verified TC: its high QC, then the view after it. */
  void onTc(TimeoutCertificate tc, PeerId from) {
    onQc(tc.highQc(), from);
    if (tc.view() + 1 >= e.currentView
        && (e.lastTc.isEmpty() || e.lastTc.get().view() < tc.view())) {
      e.lastTc = Optional.of(tc);
      if (tc.view() + 1 > e.currentView) {
        enterView(tc.view() + 1);
      } else {
        maybePropose();
      }
    }
  }

  // ---- proposals and votes ----

  private void maybePropose() {
    int me = e.myIndex();
    long v = e.currentView;
    CommitteeView committee = e.epochs.current();
    if (me < 0 || committee.leader(v) != me || e.proposedView >= v || e.lastVotedView >= v) {
      return;
    }
    QuorumCertificate qc = e.highQc;
    Optional<TimeoutCertificate> tc = Optional.empty();
    if (qc.data().view() + 1 != v) {
      tc = e.lastTc.filter(t -> t.view() + 1 == v);
      if (tc.isEmpty()) {
        return;
      }
    }
    if (qc.data().epoch() != committee.epoch()
        && !e.epochs.isBoundaryQc(qc)
        && qc.data().view() != 0) {
      return;
    }
    Hash32 parent = e.certifiedHash(qc);
    long height = e.certifiedHeight(qc) + 1;
    List<CrossChainMessage> batch = List.of();
    Optional<Validation.Branch> branch = validation.branch(parent);
    if (branch.isPresent() && height < branch.get().activation()) {
      batch = e.mempool.take(e.config.maxBatch(), branch.get().ids());
    }
    if (batch.isEmpty() && !mustPropose(branch, tc)) {
      if (e.idleView != v) {
        e.idleView = v;
        e.idleDeadline = e.now + e.config.idleProposalMs();
        e.out.add(new Action.ScheduleTimer(HotStuffEngine.PROPOSE_TIMER, e.idleDeadline));
        return;
      }
      if (e.now < e.idleDeadline) {
        return;
      }
    }
    List<Hash32> ids = new java.util.ArrayList<>(batch.size());
    for (CrossChainMessage m : batch) {
      ids.add(e.messageIds.idOf(m));
    }
    BlockHeader header =
        new BlockHeader(
            committee.committeeId().bytes(),
            committee.epoch(),
            height,
            v,
            parent.bytes(),
            qc.data().view(),
            PayloadRoot.of(ids).bytes(),
            batch.size(),
            me,
            e.now);
    Block block = new Block(header, batch, qc, tc);
    block.messageIds(e.messageIds);
    e.proposedView = v;
    validation.ownProposal = block;
    onProposal(e.self(), block);
    validation.ownProposal = null;
    e.broadcast(new HotStuffMessage.Proposal(block));
  }

  /**
   * Idle back-off: a leader with no payload still proposes at once (an empty block) when the block
   * is needed to commit something, namely when an uncommitted ancestor carries messages (its commit
   * needs certified descendants), when the QC it extends just committed messages (the proposal
   * carries that QC to the replicas, which commit on receiving it), when an epoch switch is
   * pending, after a timeout certificate, or when idle back-off is off. Otherwise it waits up to
   * {@code idleProposalMs} for payload.
   */
  private boolean mustPropose(Optional<Validation.Branch> branch, Optional<TimeoutCertificate> tc) {
    return e.config.idleProposalMs() == 0
        || tc.isPresent()
        || e.committedPayload
        || branch.isEmpty()
        || !branch.get().ids().isEmpty()
        || branch.get().activation() != Long.MAX_VALUE;
  }

  void onProposal(PeerId from, Block block) {
    var h = block.header();
    if (h.epoch() > e.epochs.current().epoch() && e.verifyQc(block.justify())) {
      onQc(block.justify(), from);
    }
    if (h.epoch() > e.epochs.current().epoch()) {
      e.sync.bufferProposal(from, block);
      return;
    }
    if (validation.checkBlock(block).isPresent()) {
      return;
    }
    onQc(block.justify(), from);
    block.timeoutCertificate().ifPresent(tc -> onTc(tc, from));
    Hash32 hash = block.hash();
    if (!e.tree.add(hash, block)) {
      if (block.height() > e.committedHeight()) {
        e.sync.bufferProposal(from, block);
        e.sync.request(from, block.parentHash(), e.committedHeight() + 1, false);
      }
      return;
    }
    tryVote(hash, block);
  }

  private void tryVote(Hash32 hash, Block block) {
    long v = block.view();
    int me = e.myIndex();
    if (me < 0 || v != e.currentView || v <= e.lastVotedView || e.myTimeout != null) {
      return;
    }
    QuorumCertificate qc = block.justify();
    boolean direct = qc.data().view() + 1 == v;
    boolean afterTc =
        block
            .timeoutCertificate()
            .filter(tc -> tc.view() + 1 == v && qc.data().view() >= maxHighQcView(tc))
            .isPresent();
    if (!direct && !afterTc) {
      return;
    }
    Optional<Validation.Branch> branch = validation.branch(block.parentHash());
    if (branch.isEmpty()) {
      return;
    }
    Verdict verdict = validation.payload(block, branch.get());
    if (verdict == Verdict.PENDING) {
      awaiting = block;
      awaitingHash = hash;
      return;
    }
    if (verdict == Verdict.REJECTED) {
      return;
    }
    boolean commits =
        direct
            && qc.data().epoch() == block.header().epoch()
            && e.certifiedHeight(qc) >= 1
            && e.certifiedHeight(qc) < branch.get().activation();
    CommitteeView committee = e.epochs.current();
    VoteData data =
        new VoteData(
            committee.committeeId().bytes(),
            committee.epoch(),
            v,
            block.height(),
            hash.bytes(),
            commits ? e.certifiedHeight(qc) : 0,
            commits ? e.certifiedHash(qc).bytes() : new byte[32]);
    e.lastVotedView = v;
    e.safetyDirty = true;
    awaiting = null;
    var vote = new HotStuffMessage.Vote(data, me, e.signer.sign(data.hash()));
    int next = committee.leader(v + 1);
    if (next == me) {
      onVote(vote);
    } else {
      e.send(e.peerOf(next), vote);
    }
  }

  void retryAwaiting() {
    if (awaiting != null) {
      Block b = awaiting;
      awaiting = null;
      tryVote(awaitingHash, b);
    }
  }

  void onVote(HotStuffMessage.Vote vote) {
    var d = vote.data();
    CommitteeView committee = e.epochs.current();
    if (d.epoch() != committee.epoch()
        || !committee.committeeId().equals(Hash32.of(d.committeeId()))
        || !committee.isMember(vote.signer())
        || committee.leader(d.view() + 1) != e.myIndex()
        || d.view() < e.highQc.data().view()
        || d.view() > e.currentView + VOTE_WINDOW) {
      return;
    }
    if (!e.certificates.verifySignature(committee, vote.signer(), d.hash(), vote.signature())) {
      return;
    }
    e.votes.add(d, vote.signer(), vote.signature(), committee).ifPresent(qc -> onQc(qc, e.self()));
  }

  // ---- timeouts ----

  /**
   * A peer's timeout: its QC and TC are applied first (they may move this replica to the timeout's
   * view); it counts towards a TC only for the current view.
   */
  void onTimeout(PeerId from, HotStuffMessage.Timeout t) {
    var d = t.data();
    CommitteeView committee = e.epochs.current();
    if (d.epoch() != committee.epoch()
        || !committee.committeeId().equals(Hash32.of(d.committeeId()))
        || !committee.isMember(t.signer())
        || t.highQc().data().view() != d.highQcView()
        || d.view() + 1 < e.currentView) {
      return;
    }
    if (!e.certificates.verifySignature(committee, t.signer(), d.hash(), t.signature())
        || !e.verifyQc(t.highQc())) {
      return;
    }
    if (t.lastTc().isPresent()
        && !(t.lastTc().get().view() + 1 == d.view() && e.verifyTc(t.lastTc().get()))) {
      return;
    }
    onQc(t.highQc(), from);
    t.lastTc().ifPresent(tc -> onTc(tc, from));
    if (d.view() == e.currentView) {
      collectTimeout(t);
    }
  }

  private void collectTimeout(HotStuffMessage.Timeout t) {
    e.timeouts.add(t, e.epochs.current()).ifPresent(tc -> onTc(tc, e.self()));
  }

  private static long maxHighQcView(TimeoutCertificate tc) {
    long max = 0;
    for (long v : tc.highQcViews()) {
      max = Math.max(max, v);
    }
    return max;
  }

  // ---- commits and epochs ----

  /**
   * Commits the block {@code qc} names as committed, and its ancestors, syncing what is missing.
   */
  void commit(QuorumCertificate qc, PeerId from) {
    Hash32 target = Hash32.of(qc.data().commitHash());
    long targetHeight = qc.data().commitHeight();
    Optional<List<Block>> path = e.tree.pathFromRoot(target);
    if (path.isEmpty()) {
      e.sync.awaitCommit(qc, from);
      return;
    }
    List<Block> blocks = path.get();
    if (blocks.isEmpty() || blocks.getLast().height() != targetHeight) {
      throw e.fail("commit path to h" + targetHeight + " is not contiguous");
    }
    for (Block b : blocks) {
      if (b.height() >= e.epochs.committedActivation()) {
        throw e.fail(
            "commit of h" + b.height() + " beyond the end of epoch " + e.epochs.current().epoch());
      }
      Hash32 hash = b.hash();
      e.out.add(new Action.Commit(b, qc));
      if (!b.messages().isEmpty()) {
        e.committedPayload = true;
      }
      for (Hash32 id : b.messageIds()) {
        e.mempool.remove(id);
      }
      e.tree.commitTo(hash, b);
      e.epochs.onCommitted(b);
      if (e.epochs.endsAt(b.height())) {
        switchEpoch(hash, qc);
        return;
      }
    }
    e.sync.committed();
  }

  private void switchEpoch(Hash32 lastBlock, QuorumCertificate boundaryQc) {
    e.epochs.advance(lastBlock, boundaryQc);
    e.tree.resetTo(e.tree.root());
    e.highQc = boundaryQc;
    e.safetyDirty = true;
    e.lastTc = Optional.empty();
    e.votes.clear();
    e.timeouts.clear();
    e.sync.committed();
    e.broadcast(new HotStuffMessage.EpochChange(boundaryQc));
    enterView(Math.max(e.currentView, boundaryQc.data().view() + 1));
    e.sync.replayBuffered();
  }

  void onEpochChange(PeerId from, QuorumCertificate boundaryQc) {
    if (boundaryQc.data().epoch() == e.epochs.current().epoch() && e.verifyQc(boundaryQc)) {
      onQc(boundaryQc, from);
    }
  }

  /** Ids of the messages in {@code blocks}, for duplicate checks. */
  static Set<Hash32> ids(List<Block> blocks) {
    Set<Hash32> ids = new HashSet<>();
    for (Block b : blocks) {
      ids.addAll(b.messageIds());
    }
    return ids;
  }
}
