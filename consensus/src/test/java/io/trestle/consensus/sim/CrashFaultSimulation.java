package io.trestle.consensus.sim;

import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.Certificates;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.consensus.core.ConsensusEngine;
import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.Input;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.core.SafetyRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The simulator for any {@link ConsensusEngine} under crash faults only (Raft, and the engine
 * switch): n nodes, a network with per-link delay, jitter (reordering), loss, duplication and
 * partitions that heal, crashes and restarts from the persisted state (also right after a persist,
 * before the output's messages leave), and a virtual clock, all driven by one seed. Invariants are
 * checked on every commit: heights contiguous and linked by parent hash, one block per height
 * across all nodes (so every log is a prefix of every other), every commit proof a valid QC of the
 * block's epoch naming it, every message committed at most once; at the end, liveness after the
 * heal.
 */
public final class CrashFaultSimulation {
  /**
   * One scenario.
   *
   * @param maxCrashed most nodes down at once during the fault phase
   * @param injections extra messages every node observes at a given time (e.g. committee rotations)
   */
  public record Options(
      long seed,
      int nodes,
      double loss,
      double duplicate,
      boolean partitions,
      int maxCrashed,
      long faultPhaseMs,
      long healPhaseMs,
      int messagesPerSecond,
      List<Injection> injections) {
    public Options {
      injections = List.copyOf(injections);
    }

    /** Crash faults derived from the seed: loss, duplication, maybe partitions, crashes. */
    public static Options crashFaults(long seed, int n, int maxCrashed) {
      SplittableRandom r = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
      double loss = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.15;
      return new Options(
          seed,
          n,
          loss,
          r.nextDouble() * 0.1,
          r.nextBoolean(),
          maxCrashed,
          3_000,
          4_000,
          100,
          List.of());
    }
  }

  /** A message every node observes at {@code atMs}. */
  public record Injection(long atMs, CrossChainMessage message) {}

  /** One node: its engine and what its driver keeps on disk (committed log, safety record). */
  public static final class Node {
    public final int index;
    public final byte[] key;
    public final PeerId id;
    public final SimLog log = new SimLog();
    public final Set<Hash32> observed = new LinkedHashSet<>();
    final Map<Long, Long> timers = new HashMap<>();
    public Optional<SafetyRecord> persisted = Optional.empty();
    final List<QuorumCertificate> proofsToCheck = new ArrayList<>();
    public ConsensusEngine engine;
    public boolean crashed;
    int incarnation;

    Node(int index, byte[] key) {
      this.index = index;
      this.key = key.clone();
      this.id = PeerId.of(key);
    }

    /** The oracle of this node's watcher: observed once the workload delivered it here. */
    public ObservationOracle oracle() {
      return (id, m) ->
          observed.contains(id)
              ? ObservationOracle.Verdict.OBSERVED
              : ObservationOracle.Verdict.PENDING;
    }
  }

  private sealed interface Event {
    long at();
  }

  private record Deliver(long at, int to, int from, EngineMessage msg) implements Event {}

  private record TimerDue(long at, int node, int incarnation, long timerId) implements Event {}

  private record Observe(long at, int node, CrossChainMessage msg) implements Event {}

  private record Crash(long at, int node) implements Event {}

  private record Restart(long at, int node) implements Event {}

  private record Queued(Event event, long seq) {}

  private final Options options;
  private final SplittableRandom rng;
  private final Function<Node, ConsensusEngine> factory;
  private final LongFunction<CommitteeView> committees;
  private final Certificates certificates = new Certificates(FakeCrypto.VERIFIER, 4096);
  public final List<Node> nodes = new ArrayList<>();
  private final Map<PeerId, Integer> byId = new HashMap<>();
  private final PriorityQueue<Queued> queue =
      new PriorityQueue<>(
          Comparator.comparingLong((Queued q) -> q.event().at()).thenComparingLong(Queued::seq));
  private final Map<Long, Hash32> committedAt = new HashMap<>();
  private final Map<Hash32, Long> heightOfMessage = new HashMap<>();
  private final Map<Hash32, Long> bornAt = new HashMap<>();
  private BiConsumer<Node, Action> observer = (n, a) -> {};
  private long seq;
  private long now;
  private long messagesSent;
  private int[] side;
  private long partitionFrom = Long.MAX_VALUE;
  private long partitionTo = Long.MIN_VALUE;

  /**
   * @param factory builds a node's engine over its disk state (called at boot and every restart)
   * @param committees the committee of an epoch, to check commit proofs
   */
  public CrashFaultSimulation(
      Options options,
      Function<Node, ConsensusEngine> factory,
      LongFunction<CommitteeView> committees) {
    this.options = options;
    this.rng = new SplittableRandom(options.seed());
    this.factory = factory;
    this.committees = committees;
    for (int i = 0; i < options.nodes(); i++) {
      Node node = new Node(i, TestCommittee.key(options.seed(), i));
      nodes.add(node);
      byId.put(node.id, i);
    }
  }

  /** Sees every action an engine returns, before the driver executes it (protocol checks). */
  public CrashFaultSimulation observe(BiConsumer<Node, Action> observer) {
    this.observer = observer;
    return this;
  }

  /** Runs the scenario; throws {@link AssertionError} naming the seed on any violation. */
  public void run() {
    for (Node node : nodes) {
      boot(node);
    }
    long end = options.faultPhaseMs() + options.healPhaseMs();
    long lastBirth = end - 1_500;
    long every = Math.max(1, 1_000 / options.messagesPerSecond());
    for (long t = 10, nonce = 1; t < lastBirth; t += every, nonce++) {
      born(t, Workload.message(options.seed(), nonce));
    }
    for (Injection inj : options.injections()) {
      born(inj.atMs(), inj.message());
    }
    scheduleFaults();
    while (!queue.isEmpty() && queue.peek().event().at() <= end) {
      step(queue.poll().event());
    }
    now = end;
    if (System.getProperty("sim.debug") != null) {
      for (Node node : nodes) {
        System.out.println(node.crashed ? "crashed" : node.engine.describeState());
      }
      System.out.println("messages " + messagesSent + " events " + seq);
      for (int k = 0; k < 0; k++) {}
    }
    for (Hash32 id : bornAt.keySet()) {
      for (Node node : nodes) {
        if (!node.crashed && !committedBy(node, id)) {
          fail(
              "liveness: message "
                  + id.shortHex()
                  + " born at "
                  + bornAt.get(id)
                  + " not committed at node "
                  + node.index
                  + " (tip "
                  + node.log.tipHeight()
                  + ")");
        }
      }
    }
  }

  private void born(long at, CrossChainMessage m) {
    bornAt.put(Hash32.of(m.hash()), at);
    bodies.put(Hash32.of(m.hash()), m);
    for (Node node : nodes) {
      push(new Observe(at + rng.nextLong(50), node.index, m));
    }
  }

  private boolean committedBy(Node node, Hash32 id) {
    Long h = heightOfMessage.get(id);
    return h != null && h <= node.log.tipHeight();
  }

  private void scheduleFaults() {
    long fault = options.faultPhaseMs();
    if (options.partitions()) {
      side = new int[options.nodes()];
      for (int i = 0; i < side.length; i++) {
        side[i] = rng.nextInt(2);
      }
      partitionFrom = rng.nextLong(fault / 2);
      partitionTo = partitionFrom + 200 + rng.nextLong(fault / 2);
    }
    if (options.maxCrashed() > 0) {
      for (int k = 0; k < 3; k++) {
        long at = rng.nextLong(fault);
        push(new Crash(at, rng.nextInt(options.nodes())));
      }
    }
    for (Node node : nodes) {
      push(new Restart(fault, node.index));
    }
  }

  private void step(Event event) {
    now = event.at();
    switch (event) {
      case Deliver d -> {
        Node to = nodes.get(d.to());
        if (!to.crashed) {
          handle(to, new Input.MessageReceived(now, nodes.get(d.from()).id, d.msg()));
        }
      }
      case TimerDue t -> {
        Node node = nodes.get(t.node());
        Long due = node.timers.get(t.timerId());
        if (!node.crashed && node.incarnation == t.incarnation() && due != null && due == t.at()) {
          node.timers.remove(t.timerId());
          handle(node, new Input.TimerFired(now, t.timerId()));
        }
      }
      case Observe o -> {
        Node node = nodes.get(o.node());
        node.observed.add(Hash32.of(o.msg().hash()));
        if (!node.crashed) {
          handle(node, new Input.PayloadAvailable(now, List.of(o.msg())));
          handle(node, new Input.ObservationsChanged(now));
        }
      }
      case Crash c -> {
        Node node = nodes.get(c.node());
        if (!node.crashed && crashedCount() < options.maxCrashed()) {
          crash(node);
          push(
              new Restart(
                  Math.min(now + 100 + rng.nextLong(1_000), options.faultPhaseMs()), c.node()));
        }
      }
      case Restart r -> {
        Node node = nodes.get(r.node());
        if (node.crashed) {
          boot(node);
        }
      }
    }
  }

  private void boot(Node node) {
    node.engine = factory.apply(node);
    node.crashed = false;
    node.incarnation++;
    node.timers.clear();
    execute(node, node.engine.handle(new Input.Start(now, node.persisted)));
    List<CrossChainMessage> again = new ArrayList<>();
    for (Hash32 id : node.observed) {
      if (!committedBy(node, id)) {
        again.addAll(replayable(id));
      }
    }
    if (!again.isEmpty() && !node.crashed) {
      handle(node, new Input.PayloadAvailable(now, again));
    }
  }

  private final Map<Hash32, CrossChainMessage> bodies = new HashMap<>();

  private List<CrossChainMessage> replayable(Hash32 id) {
    CrossChainMessage m = bodies.get(id);
    return m == null ? List.of() : List.of(m);
  }

  private void crash(Node node) {
    node.crashed = true;
    node.engine = null;
    node.timers.clear();
  }

  private int crashedCount() {
    int c = 0;
    for (Node n : nodes) {
      c += n.crashed ? 1 : 0;
    }
    return c;
  }

  private void handle(Node node, Input input) {
    if (!node.crashed) {
      execute(node, node.engine.handle(input));
    }
  }

  private void execute(Node node, Output output) {
    boolean crashAfterPersist =
        now < options.faultPhaseMs()
            && options.maxCrashed() > 0
            && output.actions().size() > 1
            && output.actions().getFirst() instanceof Action.PersistSafety
            && crashedCount() < options.maxCrashed()
            && rng.nextInt(300) == 0;
    for (Action a : output.actions()) {
      observer.accept(node, a);
      switch (a) {
        case Action.PersistSafety p -> node.persisted = Optional.of(p.record());
        case Action.Send s -> {
          Integer to = byId.get(s.to());
          if (to != null) {
            transmit(node.index, to, s.message());
          }
        }
        case Action.Broadcast b -> {
          for (Node other : nodes) {
            if (other != node) {
              transmit(node.index, other.index, b.message());
            }
          }
        }
        case Action.Commit c -> commit(node, c.block(), c.proof());
        case Action.ScheduleTimer t -> {
          node.timers.put(t.timerId(), t.atMs());
          push(new TimerDue(Math.max(t.atMs(), now), node.index, node.incarnation, t.timerId()));
        }
      }
      if (crashAfterPersist && a instanceof Action.PersistSafety) {
        crash(node);
        push(
            new Restart(Math.min(now + 1 + rng.nextLong(500), options.faultPhaseMs()), node.index));
        return;
      }
    }
  }

  private void commit(Node node, Block block, QuorumCertificate proof) {
    long h = block.height();
    if (h != node.log.tipHeight() + 1) {
      fail("node " + node.index + " committed height " + h + " after " + node.log.tipHeight());
    }
    if (h > 1 && !block.parentHash().equals(node.log.hash(h - 1))) {
      fail("node " + node.index + " committed block " + h + " not linked to its parent");
    }
    Hash32 hash = block.hash();
    Hash32 other = committedAt.putIfAbsent(h, hash);
    if (other != null && !other.equals(hash)) {
      fail("two blocks committed at height " + h + ": " + other.shortHex() + " " + hash.shortHex());
    }
    if (proof.data().commitHeight() < h
        || proof.data().epoch() != block.header().epoch()
        || certificates.checkQc(proof, committees.apply(block.header().epoch())).isPresent()) {
      fail("node " + node.index + " committed block " + h + " without a valid commit QC");
    }
    node.proofsToCheck.add(proof);
    for (CrossChainMessage m : block.messages()) {
      Long at = heightOfMessage.putIfAbsent(Hash32.of(m.hash()), h);
      if (at != null && at != h) {
        fail("message committed twice, at heights " + at + " and " + h);
      }
    }
    node.log.append(block, proof);
    for (var it = node.proofsToCheck.iterator(); it.hasNext(); ) {
      QuorumCertificate qc = it.next();
      if (qc.data().commitHeight() <= h) {
        if (!Hash32.of(qc.data().commitHash()).equals(node.log.hash(qc.data().commitHeight()))) {
          fail(
              "node "
                  + node.index
                  + " holds a commit proof for another block at "
                  + qc.data().commitHeight());
        }
        it.remove();
      }
    }
  }

  private void transmit(int from, int to, EngineMessage msg) {
    messagesSent++;
    boolean faulty = now < options.faultPhaseMs();
    if (faulty && rng.nextDouble() < options.loss()) {
      return;
    }
    if (now >= partitionFrom && now < partitionTo && side[from] != side[to]) {
      return;
    }
    long delay = 2 + (from * 31L + to * 17L) % 10 + rng.nextLong(faulty ? 30 : 8);
    push(new Deliver(now + delay, to, from, msg));
    if (faulty && rng.nextDouble() < options.duplicate()) {
      push(new Deliver(now + 3 * delay, to, from, msg));
    }
  }

  private void push(Event e) {
    queue.add(new Queued(e, seq++));
  }

  private void fail(String what) {
    throw new AssertionError(
        what + " at t=" + now + " (seed " + options.seed() + ", n=" + options.nodes() + ")");
  }

  public long messagesSent() {
    return messagesSent;
  }

  /** Lowest committed height among nodes that are up. */
  public long minCommittedHeight() {
    long min = Long.MAX_VALUE;
    for (Node n : nodes) {
      if (!n.crashed) {
        min = Math.min(min, n.log.tipHeight());
      }
    }
    return min;
  }
}
