package io.trestle.consensus.epoch;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CommitteeRotation;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.CommittedLog;
import io.trestle.consensus.core.ConsensusEngine;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.Input;
import io.trestle.consensus.core.InvariantViolation;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.core.SafetyRecord;
import io.trestle.consensus.core.SignatureVerifier;
import io.trestle.consensus.core.Terminator;
import io.trestle.consensus.epoch.EpochEnvelope.Handover;
import io.trestle.consensus.epoch.EpochEnvelope.HandoverRequest;
import io.trestle.consensus.epoch.EpochEnvelope.Wrapped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs each epoch with the engine its committee names ({@code Committee.engine}) and switches
 * engine at an epoch boundary without losing, duplicating or re-ordering a committed message.
 *
 * <p><b>Handover.</b> The engine of a segment runs until it commits the segment's last block
 * ({@code activationHeight - 1} of the committed rotation that changes engine, or of any rotation
 * out of a Raft epoch); commits above it are dropped, so the blocks of a segment form a prefix of
 * the log on every node. At the next input (after the driver appended that block) the engine of the
 * next segment starts from the committed log: its first block extends the last block of the
 * previous segment, whose commit QC is in the log. Messages received as payload and not committed
 * yet are handed to the new engine, which keeps the ids committed before (read from the log) and so
 * proposes each of them exactly once. Payload already committed (a watcher that lags behind the
 * committee) is never passed to an engine.
 *
 * <p><b>Lagging nodes.</b> Engine messages are tagged with their segment. A node that receives
 * messages of a later segment buffers them (bounded) and asks the sender for the committed blocks
 * up to the end of its own segment; it checks their links and commit QCs against the committee
 * schedule, commits them and switches. Same contract as {@link ConsensusEngine}: deterministic,
 * single-threaded, the output's persist first.
 */
public final class EpochSwitchingEngine implements ConsensusEngine {
  static final int MAX_BUFFERED = 4096;
  static final int MAX_HANDOVER_BLOCKS = 512;
  static final long HANDOVER_RETRY_MS = 100;
  private static final int COMMITTED_IDS = 1 << 17;

  private final Committee genesis;
  private final CommittedLog log;
  private final EngineFactory factory;
  private final Terminator terminator;
  private final HandoverCheck check;
  private EpochSchedule schedule;
  private Segment segment;
  private Optional<ConsensusEngine> engine = Optional.empty();
  private boolean started;
  private boolean switchPending;
  private long lastRequestMs = Long.MIN_VALUE / 2;
  private final Map<Hash32, CrossChainMessage> pending = new LinkedHashMap<>();
  private final Set<Hash32> committedIds = new LinkedHashSet<>();
  private final ArrayDeque<Input.MessageReceived> buffered = new ArrayDeque<>();
  private final List<Output> outputs = new ArrayList<>();

  /**
   * @param genesis the committee of epoch 0
   * @param log the driver's committed log
   * @param factory builds the engine of each segment
   * @param verifier checks the commit QCs of handed-over blocks
   */
  public EpochSwitchingEngine(
      Committee genesis,
      CommittedLog log,
      EngineFactory factory,
      SignatureVerifier verifier,
      Terminator terminator) {
    this.genesis = genesis;
    this.log = log;
    this.factory = factory;
    this.terminator = terminator;
    this.check = new HandoverCheck(log, verifier, genesis.committeeId());
  }

  /** The segment this node runs now (for tests and metrics). */
  public Segment segment() {
    return segment;
  }

  @Override
  public Output handle(Input input) {
    if (!started && !(input instanceof Input.Start)) {
      return Output.EMPTY;
    }
    outputs.clear();
    if (switchPending) {
      switchSegment(input.nowMs());
    }
    switch (input) {
      case Input.Start s -> start(s);
      case Input.MessageReceived m -> receive(m);
      case Input.PayloadAvailable p -> {
        List<CrossChainMessage> fresh = new ArrayList<>();
        for (CrossChainMessage msg : p.messages()) {
          Hash32 id = Hash32.of(msg.hash());
          if (!committedIds.contains(id)) {
            pending.putIfAbsent(id, msg);
            fresh.add(msg);
          }
        }
        if (!fresh.isEmpty()) {
          inner(new Input.PayloadAvailable(p.nowMs(), fresh));
        }
      }
      default -> inner(input);
    }
    return Outputs.merge(outputs);
  }

  private void start(Input.Start s) {
    if (started) {
      return;
    }
    started = true;
    schedule = new EpochSchedule(genesis);
    segment = new Segment(schedule.current(), 1);
    long tip = log.tipHeight();
    for (long h = 1; h <= tip; h++) {
      long height = h;
      Block b = log.block(h).orElseThrow(() -> fail("committed log has a gap at " + height));
      rememberCommitted(b);
      Optional<CommitteeRotation> ended = schedule.onCommitted(b);
      if (ended.isPresent() && endsSegment(ended.get())) {
        segment = new Segment(schedule.current(), schedule.firstHeight());
      }
    }
    Optional<SafetyRecord> restored =
        s.restored()
            .filter(r -> r instanceof EpochSafety es && es.segment() == segment.startEpoch())
            .map(r -> ((EpochSafety) r).inner());
    startEngine(s.nowMs(), restored);
  }

  private void startEngine(long now, Optional<SafetyRecord> restored) {
    engine = factory.create(segment, this::lastHeight, terminator);
    inner(new Input.Start(now, restored));
    if (!pending.isEmpty()) {
      inner(new Input.PayloadAvailable(now, List.copyOf(pending.values())));
    }
  }

  /** True when the epoch that {@code r} ends is also the end of the current engine's segment. */
  private boolean endsSegment(CommitteeRotation r) {
    return segment.engine() == io.trestle.canonical.v1.ConsensusEngine.RAFT
        || r.next().engine() != segment.engine();
  }

  /** Last height of the current segment, {@code Long.MAX_VALUE} while no rotation fixed it. */
  long lastHeight() {
    Optional<CommitteeRotation> r = schedule.pending();
    return r.isPresent() && endsSegment(r.get()) ? r.get().activationHeight() - 1 : Long.MAX_VALUE;
  }

  private void switchSegment(long now) {
    switchPending = false;
    segment = new Segment(schedule.current(), schedule.firstHeight());
    startEngine(now, Optional.empty());
    for (Iterator<Input.MessageReceived> it = buffered.iterator(); it.hasNext(); ) {
      Input.MessageReceived m = it.next();
      if (((Wrapped) m.message()).segment() <= segment.startEpoch()) {
        it.remove();
        receive(new Input.MessageReceived(now, m.from(), m.message()));
      }
    }
  }

  private void receive(Input.MessageReceived m) {
    switch (m.message()) {
      case Wrapped w when w.segment() == segment.startEpoch() && !switchPending ->
          inner(new Input.MessageReceived(m.nowMs(), m.from(), w.inner()));
      case Wrapped w when w.segment() > segment.startEpoch() || switchPending -> {
        if (buffered.size() == MAX_BUFFERED) {
          buffered.removeFirst();
        }
        buffered.addLast(m);
        if (!switchPending && m.nowMs() - lastRequestMs >= HANDOVER_RETRY_MS) {
          lastRequestMs = m.nowMs();
          send(m, new HandoverRequest(log.tipHeight() + 1));
        }
      }
      case HandoverRequest r -> {
        List<EpochEnvelope.CommittedBlock> blocks = check.serve(r.fromHeight(), schedule);
        if (!blocks.isEmpty()) {
          send(m, new Handover(blocks));
        }
      }
      case Handover h when !switchPending -> acceptHandover(h);
      default -> {}
    }
  }

  private void acceptHandover(Handover h) {
    Optional<List<Block>> toCommit = check.verify(h.blocks(), schedule.copy(), segment);
    if (toCommit.isEmpty()) {
      return;
    }
    List<Action> actions = new ArrayList<>();
    int i = 0;
    for (Block b : toCommit.get()) {
      actions.add(new Action.Commit(b, h.blocks().get(i++).proof()));
    }
    engine = Optional.empty();
    outputs.add(new Output(actions));
    for (Action a : actions) {
      track((Action.Commit) a);
    }
  }

  private void send(Input.MessageReceived to, EpochEnvelope message) {
    outputs.add(new Output(List.of(new Action.Send(to.from(), message))));
  }

  /** Feeds the current engine and rewrites its output: tagged messages, wrapped record, commits. */
  private void inner(Input input) {
    if (engine.isEmpty()) {
      return;
    }
    Output out = engine.get().handle(input);
    long seg = segment.startEpoch();
    long last = lastHeight();
    List<Action> actions = new ArrayList<>(out.actions().size());
    for (Action a : out.actions()) {
      switch (a) {
        case Action.PersistSafety p ->
            actions.add(new Action.PersistSafety(new EpochSafety(seg, p.record())));
        case Action.Send s -> actions.add(new Action.Send(s.to(), new Wrapped(seg, s.message())));
        case Action.Broadcast b -> actions.add(new Action.Broadcast(new Wrapped(seg, b.message())));
        case Action.Commit c -> {
          if (c.block().height() <= last && !switchPending) {
            actions.add(c);
            track(c);
            last = lastHeight();
          }
        }
        case Action.ScheduleTimer t -> actions.add(t);
      }
    }
    outputs.add(new Output(actions));
  }

  /** Follows a commit that leaves this engine: schedule, payload, and the end of the segment. */
  private void track(Action.Commit c) {
    rememberCommitted(c.block());
    Optional<CommitteeRotation> ended = schedule.onCommitted(c.block());
    if (ended.isPresent() && endsSegment(ended.get())) {
      switchPending = true;
    }
  }

  private void rememberCommitted(Block b) {
    for (CrossChainMessage m : b.messages()) {
      Hash32 id = Hash32.of(m.hash());
      pending.remove(id);
      committedIds.add(id);
    }
    while (committedIds.size() > COMMITTED_IDS) {
      Iterator<Hash32> it = committedIds.iterator();
      it.next();
      it.remove();
    }
  }

  private InvariantViolation fail(String what) {
    InvariantViolation v = new InvariantViolation(what, describeState(), List.of());
    terminator.halt(v);
    return v;
  }

  @Override
  public String describeState() {
    return "epoch-switch segment="
        + (segment == null ? "-" : segment.startEpoch() + "@" + segment.firstHeight())
        + " last="
        + (schedule == null ? "-" : lastHeight())
        + " switchPending="
        + switchPending
        + " pending="
        + pending.size()
        + " buffered="
        + buffered.size()
        + " inner="
        + engine.map(ConsensusEngine::describeState).orElse("none");
  }
}
