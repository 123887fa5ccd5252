package io.trestle.consensus.sim;

import io.trestle.canonical.v1.Committee;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.core.Input;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.hotstuff.HotStuffMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a golden-trace scenario: a tiny command language over n engines whose network and clock move
 * only when a command says so. Commands (one per line, {@code #} starts a comment):
 *
 * <pre>
 * nodes N                      create a committee of N nodes (fake crypto, seed 1)
 * byzantine I equivocate|silent
 * start                        boot every node
 * payload K                    K new observed messages at every live node
 * deliver A->B | *->B | A->* | all   deliver what is queued on matching links now, FIFO
 * drop A->B | all              discard what is queued on matching links
 * redeliver A->B               deliver again everything already delivered on the link (replay)
 * tick MS                      advance the clock; fire due timers in (time, node) order
 * crash I | restart I          lose volatile state / boot again from the persisted state
 * state                        print every node's state
 * </pre>
 *
 * The output echoes each command followed by every action the engines produced.
 */
final class TraceRunner {
  private static final long SEED = 1;
  private final StringBuilder out = new StringBuilder();
  private final List<SimNode> nodes = new ArrayList<>();
  private final Map<PeerId, Integer> ids = new HashMap<>();
  private final TreeMap<Long, ArrayDeque<EngineMessage>> links = new TreeMap<>();
  private final Map<Integer, Behaviour> behaviours = new HashMap<>();
  private final Map<Long, List<EngineMessage>> delivered = new HashMap<>();
  private long now;
  private long nonce;
  private int n;

  String run(List<String> lines) {
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      out.append("> ").append(line).append('\n');
      String[] w = line.split("\\s+");
      switch (w[0]) {
        case "nodes" -> n = Integer.parseInt(w[1]);
        case "byzantine" ->
            behaviours.put(
                Integer.parseInt(w[1]), Behaviour.valueOf(w[2].toUpperCase().replace('-', '_')));
        case "start" -> start();
        case "payload" -> payload(Integer.parseInt(w[1]));
        case "deliver" -> deliver(w[1], true);
        case "drop" -> deliver(w[1], false);
        case "redeliver" -> redeliver(w[1]);
        case "tick" -> tick(Long.parseLong(w[1]));
        case "crash" -> nodes.get(Integer.parseInt(w[1])).crash();
        case "restart" -> {
          SimNode node = nodes.get(Integer.parseInt(w[1]));
          execute(node, node.boot(now));
        }
        case "state" -> {
          for (SimNode node : nodes) {
            out.append("  n")
                .append(node.index)
                .append(' ')
                .append(node.crashed ? "crashed" : node.engine.describeState())
                .append(" log=h")
                .append(node.log.tipHeight())
                .append('\n');
          }
        }
        default -> throw new IllegalArgumentException("unknown trace command: " + line);
      }
    }
    return out.toString();
  }

  private void start() {
    Committee genesis = TestCommittee.ofSize(n, SEED);
    var factory =
        SimNode.factory(
            genesis,
            1_000,
            FakeCrypto::signer,
            FakeCrypto.VERIFIER,
            node ->
                (id, m) ->
                    node.committedIds.contains(id)
                        ? ObservationOracle.Verdict.REJECTED
                        : ObservationOracle.Verdict.OBSERVED,
            v -> {
              throw new AssertionError(v.getMessage());
            });
    for (int i = 0; i < n; i++) {
      SimNode node =
          new SimNode(
              i, TestCommittee.key(SEED, i), behaviours.getOrDefault(i, Behaviour.HONEST), factory);
      nodes.add(node);
      ids.put(node.id, i);
    }
    for (SimNode node : nodes) {
      execute(node, node.boot(now));
    }
  }

  private void payload(int count) {
    List<io.trestle.canonical.v1.CrossChainMessage> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(Workload.message(SEED, ++nonce));
    }
    for (SimNode node : nodes) {
      if (!node.crashed) {
        execute(node, node.engine.handle(new Input.PayloadAvailable(now, batch)));
      }
    }
  }

  private void deliver(String spec, boolean deliver) {
    int from = -1;
    int to = -1;
    if (!spec.equals("all")) {
      String[] p = spec.split("->");
      from = p[0].equals("*") ? -1 : Integer.parseInt(p[0]);
      to = p[1].equals("*") ? -1 : Integer.parseInt(p[1]);
    }
    Map<Long, List<EngineMessage>> batch = new TreeMap<>();
    for (var e : links.entrySet()) {
      int f = (int) (e.getKey() / 1000);
      int t = (int) (e.getKey() % 1000);
      if ((from < 0 || f == from) && (to < 0 || t == to) && !e.getValue().isEmpty()) {
        batch.put(e.getKey(), new ArrayList<>(e.getValue()));
        e.getValue().clear();
      }
    }
    if (!deliver) {
      return;
    }
    for (var e : batch.entrySet()) {
      SimNode target = nodes.get((int) (e.getKey() % 1000));
      PeerId sender = nodes.get((int) (e.getKey() / 1000)).id;
      delivered.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(e.getValue());
      for (EngineMessage m : e.getValue()) {
        if (!target.crashed) {
          execute(target, target.engine.handle(new Input.MessageReceived(now, sender, m)));
        }
      }
    }
  }

  private void redeliver(String spec) {
    String[] p = spec.split("->");
    int from = Integer.parseInt(p[0]);
    int to = Integer.parseInt(p[1]);
    SimNode target = nodes.get(to);
    for (EngineMessage m : delivered.getOrDefault(from * 1000L + to, List.of())) {
      if (!target.crashed) {
        execute(
            target, target.engine.handle(new Input.MessageReceived(now, nodes.get(from).id, m)));
      }
    }
  }

  private void tick(long ms) {
    long until = now + ms;
    while (true) {
      SimNode next = null;
      long at = Long.MAX_VALUE;
      for (SimNode node : nodes) {
        Long due =
            node.crashed
                ? null
                : node.timers.get(io.trestle.consensus.hotstuff.HotStuffEngine.VIEW_TIMER);
        if (due != null && due <= until && due < at) {
          at = due;
          next = node;
        }
      }
      if (next == null) {
        break;
      }
      now = Math.max(now, at);
      next.timers.remove(io.trestle.consensus.hotstuff.HotStuffEngine.VIEW_TIMER);
      out.append("  t=").append(now).append(" timer n").append(next.index).append('\n');
      execute(
          next,
          next.engine.handle(
              new Input.TimerFired(now, io.trestle.consensus.hotstuff.HotStuffEngine.VIEW_TIMER)));
    }
    now = until;
  }

  private void execute(SimNode node, Output output) {
    for (Action a : output.actions()) {
      if (node.behaviour == Behaviour.SILENT
          && (a instanceof Action.Send || a instanceof Action.Broadcast)) {
        continue;
      }
      out.append("  n")
          .append(node.index)
          .append(' ')
          .append(TraceFormat.action(a, ids))
          .append('\n');
      switch (a) {
        case Action.PersistSafety p -> node.persisted = java.util.Optional.of(p.record());
        case Action.Send s -> queue(node.index, ids.get(s.to()), s.message());
        case Action.Broadcast b -> {
          EngineMessage twin = null;
          if (node.behaviour == Behaviour.EQUIVOCATE
              && b.message() instanceof HotStuffMessage.Proposal p) {
            twin = new HotStuffMessage.Proposal(Byzantine.twin(p.block()));
            out.append("  n")
                .append(node.index)
                .append(" equivocates: odd nodes get ")
                .append(TraceFormat.message(twin))
                .append('\n');
          }
          for (SimNode other : nodes) {
            if (other != node) {
              queue(
                  node.index,
                  other.index,
                  twin != null && other.index % 2 == 1 ? twin : b.message());
            }
          }
        }
        case Action.Commit c -> {
          node.log.append(c.block(), c.proof());
          node.committedIds.addAll(c.block().messageIds());
        }
        case Action.ScheduleTimer t -> node.timers.put(t.timerId(), t.atMs());
      }
    }
  }

  private void queue(int from, int to, EngineMessage m) {
    links.computeIfAbsent(from * 1000L + to, k -> new ArrayDeque<>()).add(m);
  }
}
