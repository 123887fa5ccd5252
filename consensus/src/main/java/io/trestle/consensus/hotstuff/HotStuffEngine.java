package io.trestle.consensus.hotstuff;

import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.TimeoutCertificate;
import io.trestle.canonical.v1.TimeoutData;
import io.trestle.canonical.v1.VoteData;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.Certificates;
import io.trestle.consensus.core.CommittedLog;
import io.trestle.consensus.core.ConsensusEngine;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.Input;
import io.trestle.consensus.core.InvariantViolation;
import io.trestle.consensus.core.MessageIds;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.core.SignatureVerifier;
import io.trestle.consensus.core.Signer;
import io.trestle.consensus.core.Terminator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * 2-chain HotStuff (Jolteon, arXiv 2106.10362; DiemBFT v4) as a pure state machine: see {@link
 * ConsensusEngine} for the driver contract and consensus/README.md for the protocol and its safety
 * argument.
 *
 * <p>Rules, as implemented (view = round):
 *
 * <ul>
 *   <li><b>Vote</b> for block B of view v carrying justify QC q (and maybe TC t) only if v is the
 *       current view, v &gt; lastVotedView, B is well formed (extends q's block at q's height + 1,
 *       proposer = leader(v), payload root matches), every message is observed locally, and either
 *       v = q.view + 1, or t.view = v - 1 and q.view &ge; max(t.highQcViews).
 *   <li><b>Lock</b>: highQc = the highest QC seen (in proposals, timeouts, TCs, or formed); a
 *       timeout reports it, and sending a timeout for view v raises lastVotedView to v.
 *   <li><b>Commit</b>: a vote for B (view v) whose QC q has q.view = v - 1 names q's block as its
 *       commit; any QC carrying such commit info commits that block and its ancestors.
 *   <li><b>Pacemaker</b>: current view = max(highQc.view, lastTc.view) + 1; the view timer is
 *       {@code base << min(cap, v - 1 - highQc.view)}; on expiry the replica broadcasts a timeout
 *       (and re-broadcasts it each period); 2f+1 timeouts form a TC. Leader(v) = member v mod n.
 * </ul>
 */
public final class HotStuffEngine implements ConsensusEngine {
  /** The single timer id this engine schedules (the view timer). */
  public static final long VIEW_TIMER = 1;

  /** The idle leader's timer: propose an empty block if no payload came (idle back-off). */
  public static final long PROPOSE_TIMER = 2;

  final HotStuffConfig config;
  final Signer signer;
  final ObservationOracle oracle;
  final CommittedLog log;
  private final Terminator terminator;
  final Certificates certificates;
  final Block genesis;
  final Hash32 genesisHash;
  final QuorumCertificate genesisQc;
  private final ArrayDeque<Input> history = new ArrayDeque<>();

  // Volatile (rebuilt on restart) and safety state, owned by the handling thread.
  Epochs epochs;
  BlockTree tree;

  /** Message ids, each computed once (mempool, then the proposals that carry the message). */
  final MessageIds messageIds = new MessageIds(1 << 15);

  final Mempool mempool = new Mempool(messageIds);
  final VoteCollector votes = new VoteCollector();
  final TimeoutCollector timeouts = new TimeoutCollector();
  final BlockSync sync = new BlockSync(this);
  final Replica replica = new Replica(this);
  boolean started;
  long now;
  long lastVotedView;
  QuorumCertificate highQc;
  boolean safetyDirty;
  long currentView;
  long viewDeadline;
  Optional<TimeoutCertificate> lastTc = Optional.empty();
  HotStuffMessage.Timeout myTimeout;
  long proposedView;
  long idleView;
  long idleDeadline;
  boolean committedPayload;
  List<Action> out = new ArrayList<>();

  public HotStuffEngine(
      HotStuffConfig config,
      Signer signer,
      SignatureVerifier verifier,
      ObservationOracle oracle,
      CommittedLog log,
      Terminator terminator) {
    this.config = config;
    this.signer = signer;
    this.oracle = oracle;
    this.log = log;
    this.terminator = terminator;
    this.certificates = new Certificates(verifier, 1024);
    var committee = config.genesisCommittee();
    BlockHeader g =
        new BlockHeader(committee.committeeId(), 0, 0, 0, new byte[32], 0, new byte[32], 0, 0, 0);
    this.genesis =
        new Block(g, List.of(), genesisQcFor(committee.committeeId(), g), Optional.empty());
    this.genesisHash = genesis.hash();
    this.genesisQc = genesis.justify();
  }

  /**
   * The genesis block's QC: view 0, no signatures; it certifies the genesis block by definition.
   */
  private static QuorumCertificate genesisQcFor(byte[] committeeId, BlockHeader genesisHeader) {
    VoteData d = new VoteData(committeeId, 0, 0, 0, genesisHeader.hash(), 0, new byte[32]);
    return new QuorumCertificate(d, new byte[0], List.of());
  }

  @Override
  public Output handle(Input input) {
    if (config.historySize() > 0) {
      if (history.size() == config.historySize()) {
        history.removeFirst();
      }
      history.addLast(input);
    }
    now = input.nowMs();
    out = new ArrayList<>();
    switch (input) {
      case Input.Start s -> replica.start(s.restored());
      case Input.MessageReceived m -> {
        if (started && m.message() instanceof HotStuffMessage msg) {
          onMessage(m.from(), msg);
        }
      }
      case Input.TimerFired t -> {
        if (started && t.timerId() == VIEW_TIMER) {
          replica.onTimer();
        } else if (started && t.timerId() == PROPOSE_TIMER) {
          replica.onProposeTimer();
        }
      }
      case Input.ObservationsChanged o -> {
        if (started) {
          replica.retryAwaiting();
        }
      }
      case Input.PayloadAvailable p -> {
        mempool.addAll(p.messages());
        if (started) {
          replica.onPayload();
        }
      }
    }
    List<Action> actions = out;
    if (safetyDirty) {
      safetyDirty = false;
      actions = new ArrayList<>(out.size() + 1);
      actions.add(new Action.PersistSafety(new HotStuffSafety(lastVotedView, highQc)));
      actions.addAll(out);
    }
    out = new ArrayList<>();
    return new Output(actions);
  }

  private void onMessage(PeerId from, HotStuffMessage msg) {
    switch (msg) {
      case HotStuffMessage.Proposal p -> replica.onProposal(from, p.block());
      case HotStuffMessage.Vote v -> replica.onVote(v);
      case HotStuffMessage.Timeout t -> replica.onTimeout(from, t);
      case HotStuffMessage.SyncRequest r -> sync.onRequest(from, r);
      case HotStuffMessage.SyncResponse r -> sync.onResponse(from, r);
      case HotStuffMessage.EpochChange e -> replica.onEpochChange(from, e.boundaryQc());
    }
  }

  /** Reports a broken internal invariant through the {@link Terminator} and throws it. */
  InvariantViolation fail(String what) {
    InvariantViolation v = new InvariantViolation(what, describeState(), List.copyOf(history));
    terminator.halt(v);
    throw v;
  }

  // ---- helpers shared by Replica and BlockSync ----

  void send(PeerId to, HotStuffMessage m) {
    out.add(new Action.Send(to, m));
  }

  void broadcast(HotStuffMessage m) {
    out.add(new Action.Broadcast(m));
  }

  PeerId self() {
    return config.self();
  }

  /** Signer index of this node in the current committee, or -1 when it is not a member. */
  int myIndex() {
    return epochs.current().indexOf(config.self().key().bytes());
  }

  PeerId peerOf(int signerIndex) {
    return PeerId.of(epochs.current().publicKey(signerIndex));
  }

  /** True when {@code qc} is valid: genesis, a QC of the current epoch, or the boundary QC. */
  boolean verifyQc(QuorumCertificate qc) {
    var d = qc.data();
    if (d.view() == 0) {
      return d.epoch() == 0
          && d.height() == 0
          && Hash32.of(d.blockHash()).equals(genesisHash)
          && qc.signatures().isEmpty();
    }
    if (d.epoch() == epochs.current().epoch()) {
      return certificates.checkQc(qc, epochs.current()).isEmpty();
    }
    return epochs.isBoundaryQc(qc)
        && certificates.checkQc(qc, epochs.committee(d.epoch()).orElseThrow()).isEmpty();
  }

  boolean verifyTc(TimeoutCertificate tc) {
    return tc.epoch() == epochs.current().epoch()
        && certificates.checkTc(tc, epochs.current()).isEmpty()
        && verifyQc(tc.highQc());
  }

  /** Hash of the block {@code qc} certifies (for the boundary QC: the last block of the epoch). */
  Hash32 certifiedHash(QuorumCertificate qc) {
    return Hash32.of(epochs.isBoundaryQc(qc) ? qc.data().commitHash() : qc.data().blockHash());
  }

  long certifiedHeight(QuorumCertificate qc) {
    return epochs.isBoundaryQc(qc) ? qc.data().commitHeight() : qc.data().height();
  }

  TimeoutData timeoutData(long view) {
    return new TimeoutData(
        epochs.current().committeeId().bytes(),
        epochs.current().epoch(),
        view,
        highQc.data().view());
  }

  long committedHeight() {
    return tree.root().height();
  }

  @Override
  public String describeState() {
    if (!started) {
      return "not started";
    }
    var q = highQc.data();
    return "epoch="
        + epochs.current().epoch()
        + " view="
        + currentView
        + " lastVoted="
        + lastVotedView
        + " highQc=v"
        + q.view()
        + "/h"
        + q.height()
        + "/"
        + Hash32.of(q.blockHash()).shortHex()
        + " lastTc="
        + lastTc.map(t -> "v" + t.view()).orElse("-")
        + " committed=h"
        + tree.root().height()
        + "/"
        + tree.rootHash().shortHex()
        + " blocks="
        + tree.size()
        + " mempool="
        + mempool.size()
        + " timedOut="
        + (myTimeout != null);
  }
}
