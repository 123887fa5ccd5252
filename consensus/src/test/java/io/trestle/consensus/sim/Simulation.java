package io.trestle.consensus.sim;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.Input;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.core.SignatureVerifier;
import io.trestle.consensus.core.Signer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * n engines on a simulated network and a virtual clock, all driven by one seed. Events (message
 * deliveries, timers, workload, crashes) run in (time, sequence) order; invariants are checked
 * after every step by {@link Invariants}. Single-threaded and deterministic: the same {@link
 * SimOptions} always produce the same run.
 */
public final class Simulation {
  private sealed interface Event {
    long at();
  }

  private record Deliver(long at, int to, int from, EngineMessage msg) implements Event {}

  private record TimerDue(long at, int node, int incarnation, long timerId) implements Event {}

  private record Observed(long at, int node, CrossChainMessage msg) implements Event {}

  private record Crash(long at, int node) implements Event {}

  private record Restart(long at, int node) implements Event {}

  private record Queued(Event event, long seq) {}

  private static final boolean TRACE = Boolean.getBoolean("sim.trace");

  final SimOptions options;
  final SplittableRandom rng;
  final List<SimNode> nodes = new ArrayList<>();
  final Map<PeerId, Integer> byId = new HashMap<>();
  final Committee genesis;
  final Invariants invariants;
  final Byzantine byzantine;
  final Function<byte[], Signer> signers;
  private final PriorityQueue<Queued> queue =
      new PriorityQueue<>(
          Comparator.comparingLong((Queued q) -> q.event().at()).thenComparingLong(Queued::seq));
  private final Map<Hash32, Long> observedAt = new HashMap<>();
  private long seq;
  long now;
  long messagesSent;
  long steps;
  private int[] partitionSide;
  private long partitionFrom = Long.MAX_VALUE;
  private long partitionTo = Long.MIN_VALUE;

  public Simulation(SimOptions options) {
    this(options, pk -> FakeCrypto.signer(pk), FakeCrypto.VERIFIER);
  }

  public Simulation(
      SimOptions options, Function<byte[], Signer> signers, SignatureVerifier verifier) {
    this.options = options;
    this.signers = signers;
    this.rng = new SplittableRandom(options.seed());
    this.genesis = TestCommittee.ofSize(options.n(), options.seed());
    this.invariants = new Invariants(this, verifier);
    this.byzantine = new Byzantine(this);
    Function<SimNode, ObservationOracle> oracles = node -> (id, m) -> observe(node, id);
    var factory =
        SimNode.factory(
            genesis,
            options.baseTimeoutMs(),
            signers,
            verifier,
            oracles,
            v -> invariants.fail("engine invariant: " + v.getMessage() + "\n" + v.stateDump()));
    for (int i = 0; i < options.n() + options.observers(); i++) {
      SimNode node =
          new SimNode(
              i,
              TestCommittee.key(options.seed(), i),
              options.behaviours().getOrDefault(i, Behaviour.HONEST),
              factory);
      nodes.add(node);
      byId.put(node.id, i);
    }
  }

  /** Runs the whole scenario; throws {@link AssertionError} with a reproducer on a violation. */
  public SimResult run() {
    for (SimNode node : nodes) {
      execute(node, node.boot(0));
    }
    scheduleWorkload();
    scheduleFaults();
    long end = options.faultPhaseMs() + options.healPhaseMs();
    while (!queue.isEmpty() && queue.peek().event().at() <= end) {
      step(queue.poll().event());
      if (steps++ > options.maxSteps()) {
        invariants.fail("step budget exhausted at t=" + now);
      }
    }
    now = end;
    invariants.atEnd();
    return invariants.result();
  }

  private void step(Event event) {
    now = event.at();
    switch (event) {
      case Deliver d -> {
        SimNode to = nodes.get(d.to());
        if (!to.crashed) {
          byzantine.observeIncoming(to, d.msg());
          handle(to, new Input.MessageReceived(now, nodes.get(d.from()).id, d.msg()));
        }
      }
      case TimerDue t -> {
        SimNode node = nodes.get(t.node());
        Long due = node.timers.get(t.timerId());
        if (!node.crashed && node.incarnation == t.incarnation() && due != null && due == t.at()) {
          node.timers.remove(t.timerId());
          handle(node, new Input.TimerFired(now, t.timerId()));
        }
      }
      case Observed o -> {
        SimNode node = nodes.get(o.node());
        if (!node.crashed) {
          handle(node, new Input.PayloadAvailable(now, List.of(o.msg())));
          handle(node, new Input.ObservationsChanged(now));
        }
      }
      case Crash c -> {
        SimNode node = nodes.get(c.node());
        if (!node.crashed) {
          node.crash();
        }
      }
      case Restart r -> {
        SimNode node = nodes.get(r.node());
        if (node.crashed) {
          execute(node, node.boot(now));
        }
      }
    }
    byzantine.tick();
    invariants.afterStep();
  }

  void handle(SimNode node, Input input) {
    execute(node, node.engine.handle(input));
  }

  private void execute(SimNode node, Output output) {
    List<Action> actions = node.honest() ? output.actions() : byzantine.transform(node, output);
    boolean crashAfterPersist =
        node.honest()
            && options.crashes()
            && now < options.faultPhaseMs()
            && !output.actions().isEmpty()
            && output.actions().getFirst() instanceof Action.PersistSafety
            && output.actions().size() > 1
            && rng.nextInt(400) == 0
            && noOtherCrashed(node);
    for (Action a : actions) {
      if (TRACE) {
        System.out.println("t=" + now + " n" + node.index + " " + TraceFormat.action(a, byId));
      }
      switch (a) {
        case Action.PersistSafety p -> node.persisted = java.util.Optional.of(p.record());
        case Action.Send s -> {
          invariants.beforeSend(node, s.message());
          Integer to = byId.get(s.to());
          if (to != null) {
            transmit(node.index, to, s.message());
          }
        }
        case Action.Broadcast b -> {
          invariants.beforeSend(node, b.message());
          for (SimNode other : nodes) {
            if (other != node) {
              transmit(node.index, other.index, b.message());
            }
          }
        }
        case Action.Commit c -> invariants.onCommit(node, c.block(), c.proof());
        case Action.ScheduleTimer t -> {
          node.timers.put(t.timerId(), t.atMs());
          push(new TimerDue(Math.max(t.atMs(), now), node.index, node.incarnation, t.timerId()));
        }
      }
      if (crashAfterPersist && a instanceof Action.PersistSafety) {
        node.crash();
        push(new Restart(now + 1 + rng.nextInt(2_000), node.index));
        break;
      }
    }
    invariants.afterOutput(node);
  }

  /** Puts a message on the wire from node {@code from} to {@code to}, subject to the faults. */
  void transmit(int from, int to, EngineMessage msg) {
    messagesSent++;
    if (inFaultPhase() && rng.nextDouble() < options.loss()) {
      return;
    }
    if (now >= partitionFrom && now < partitionTo && partitionSide[from] != partitionSide[to]) {
      return;
    }
    push(new Deliver(now + delay(from, to), to, from, msg));
    if (inFaultPhase() && rng.nextDouble() < options.duplicate()) {
      push(new Deliver(now + delay(from, to) * 3, to, from, msg));
    }
  }

  private long delay(int from, int to) {
    long base =
        options.minDelayMs() + ((from * 31L + to * 17L) % Math.max(1, options.linkSpreadMs()));
    long jitter = options.jitterMs() > 0 ? rng.nextLong(options.jitterMs() + 1) : 0;
    return base + (inFaultPhase() ? jitter : jitter / 4);
  }

  boolean inFaultPhase() {
    return now < options.faultPhaseMs();
  }

  private void push(Event e) {
    queue.add(new Queued(e, seq++));
  }

  private boolean noOtherCrashed(SimNode node) {
    for (SimNode n : nodes) {
      if (n != node && n.crashed) {
        return false;
      }
    }
    return true;
  }

  private ObservationOracle.Verdict observe(SimNode node, Hash32 id) {
    if (node.committedIds.contains(id)) {
      return ObservationOracle.Verdict.REJECTED;
    }
    Long at = observedAt.get(id);
    if (at == null) {
      return ObservationOracle.Verdict.PENDING;
    }
    return now >= at + watcherLag(node.index)
        ? ObservationOracle.Verdict.OBSERVED
        : ObservationOracle.Verdict.PENDING;
  }

  private long watcherLag(int node) {
    return (node * 7L) % 40;
  }

  private void scheduleWorkload() {
    long end = options.faultPhaseMs() + options.healPhaseMs();
    long gap = Math.max(1, 1000 / Math.max(1, options.messagesPerSecond()));
    long nonce = 1;
    for (long t = 5; t < end; t += gap) {
      CrossChainMessage m = Workload.message(options.seed(), nonce++);
      addObservable(m, t);
    }
    for (var rot : options.rotations()) {
      addObservable(rot.message(), rot.atMs());
    }
  }

  /** Makes {@code m} appear on its source chain at {@code t}; each node's watcher sees it later. */
  void addObservable(CrossChainMessage m, long t) {
    observedAt.put(Hash32.of(m.hash()), t);
    for (SimNode node : nodes) {
      push(new Observed(t + watcherLag(node.index), node.index, m));
    }
  }

  private void scheduleFaults() {
    int n = nodes.size();
    partitionSide = new int[n];
    if (options.partition()) {
      partitionFrom = rng.nextLong(options.faultPhaseMs() / 2);
      partitionTo = partitionFrom + rng.nextLong(options.faultPhaseMs() / 2) + 1;
      for (int i = 0; i < n; i++) {
        partitionSide[i] = rng.nextInt(2);
      }
    }
    if (options.crashes()) {
      int crashes = 1 + rng.nextInt(3);
      for (int c = 0; c < crashes; c++) {
        int node = rng.nextInt(options.n());
        if (!nodes.get(node).honest()) {
          continue;
        }
        long at = rng.nextLong(Math.max(1, options.faultPhaseMs() - 1_000));
        push(new Crash(at, node));
        push(new Restart(at + 1 + rng.nextLong(1_000), node));
      }
    }
  }

  /** One-line command that replays this run. */
  public String reproducer() {
    return "./mvnw -pl consensus test -Dtest=SimulationTest -Dsim.seed="
        + options.seed()
        + " -Dsim.n="
        + options.n();
  }
}
