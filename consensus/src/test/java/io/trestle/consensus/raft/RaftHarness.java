package io.trestle.consensus.raft;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.CommittedLog;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.core.Input;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.core.SafetyRecord;
import io.trestle.consensus.sim.FakeCrypto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scripted Raft cluster for paper-section tests: the test decides which message is delivered and
 * when timers fire (time moves only when the test says so). Each node keeps a committed log and its
 * last persisted record, as its driver would.
 */
final class RaftHarness {
  record Envelope(int from, int to, EngineMessage message) {}

  static final class TestLog implements CommittedLog {
    final List<Block> blocks = new ArrayList<>();
    final List<QuorumCertificate> proofs = new ArrayList<>();

    @Override
    public long tipHeight() {
      return blocks.size();
    }

    @Override
    public Optional<Block> block(long h) {
      return h >= 1 && h <= blocks.size() ? Optional.of(blocks.get((int) h - 1)) : Optional.empty();
    }

    @Override
    public Optional<QuorumCertificate> proof(long h) {
      return h >= 1 && h <= proofs.size() ? Optional.of(proofs.get((int) h - 1)) : Optional.empty();
    }
  }

  final Committee committee;
  final CommitteeView view;
  final RaftConfig config = new RaftConfig(300, 50, 16, 4, 16, 42, 1024);
  final RaftEngine[] engines;
  final TestLog[] logs;
  final List<Optional<SafetyRecord>> persisted = new ArrayList<>();
  final List<List<Output>> outputs = new ArrayList<>();
  final ArrayDeque<Envelope> network = new ArrayDeque<>();
  ObservationOracle oracle = (id, m) -> ObservationOracle.Verdict.OBSERVED;
  long now;

  RaftHarness(int n) {
    committee = RaftSim.committee(n, 7);
    view = new CommitteeView(committee);
    engines = new RaftEngine[n];
    logs = new TestLog[n];
    for (int i = 0; i < n; i++) {
      logs[i] = new TestLog();
      persisted.add(Optional.empty());
      outputs.add(new ArrayList<>());
      boot(i);
    }
  }

  /** (Re)builds node {@code i}'s engine from its log and persisted record and starts it. */
  void boot(int i) {
    engines[i] =
        new RaftEngine(
            config,
            view,
            i,
            FakeCrypto.signer(view.publicKey(i)),
            FakeCrypto.VERIFIER,
            (id, m) -> oracle.check(id, m),
            logs[i],
            v -> {
              throw new AssertionError(v.getMessage() + "\n" + v.stateDump());
            },
            () -> Long.MAX_VALUE);
    apply(i, engines[i].handle(new Input.Start(now, persisted.get(i))));
  }

  /** Node whose k-th persist (counting from 1) is followed by a crash before anything else. */
  int crashNode = -1;

  int crashAtPersist;
  int persists;
  boolean crashed;

  Output apply(int i, Output out) {
    outputs.get(i).add(out);
    for (Action a : out.actions()) {
      if (crashed && i == crashNode) {
        break;
      }
      switch (a) {
        case Action.PersistSafety p -> {
          persisted.set(i, Optional.of(p.record()));
          if (i == crashNode && ++persists == crashAtPersist) {
            crashed = true;
          }
        }
        case Action.Send s ->
            network.add(new Envelope(i, view.indexOf(s.to().key().bytes()), s.message()));
        case Action.Broadcast b -> {
          for (int j = 0; j < engines.length; j++) {
            if (j != i) {
              network.add(new Envelope(i, j, b.message()));
            }
          }
        }
        case Action.Commit c -> {
          logs[i].blocks.add(c.block());
          logs[i].proofs.add(c.proof());
        }
        case Action.ScheduleTimer t -> {}
      }
    }
    return out;
  }

  Output input(int i, Input in) {
    if (crashed && i == crashNode) {
      return Output.EMPTY;
    }
    return apply(i, engines[i].handle(in));
  }

  /** Restarts the crashed node from its disk state (log and last record). */
  void restartCrashed() {
    if (crashed) {
      crashed = false;
      int node = crashNode;
      crashNode = -1;
      boot(node);
    }
  }

  /** Fires node {@code i}'s election timer, after its longest possible timeout. */
  Output timeout(int i) {
    now += 2 * config.electionTimeoutMs();
    return input(i, new Input.TimerFired(now, RaftEngine.ELECTION_TIMER));
  }

  Output heartbeat(int i) {
    now += config.heartbeatMs();
    return input(i, new Input.TimerFired(now, RaftEngine.HEARTBEAT_TIMER));
  }

  Output deliver(Envelope e) {
    now += 1;
    return input(e.to(), new Input.MessageReceived(now, peer(e.from()), e.message()));
  }

  /**
   * Delivers queued messages (and those they cause) until none is left, dropping those to or from
   * {@code down}.
   */
  void settle(int... down) {
    int steps = 0;
    while (!network.isEmpty() && steps++ < 100_000) {
      Envelope e = network.poll();
      if (!contains(down, e.from()) && !contains(down, e.to())) {
        deliver(e);
      }
    }
  }

  void payload(int i, CrossChainMessage... messages) {
    input(i, new Input.PayloadAvailable(now, List.of(messages)));
  }

  PeerId peer(int i) {
    return PeerId.of(view.publicKey(i));
  }

  RaftSafety record(int i) {
    return (RaftSafety) persisted.get(i).orElseThrow();
  }

  private static boolean contains(int[] xs, int x) {
    for (int v : xs) {
      if (v == x) {
        return true;
      }
    }
    return false;
  }
}
