package io.trestle.consensus.sim;

import io.trestle.canonical.v1.Committee;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.Input;
import io.trestle.consensus.core.ObservationOracle;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.core.SafetyRecord;
import io.trestle.consensus.core.SignatureVerifier;
import io.trestle.consensus.core.Signer;
import io.trestle.consensus.hotstuff.HotStuffConfig;
import io.trestle.consensus.hotstuff.HotStuffEngine;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One simulated node: an engine plus what its driver would keep on disk (committed log, last
 * persisted safety record) and in memory (timers). A crash drops the engine and the timers; a
 * restart builds a new engine from the disk state.
 */
public final class SimNode {
  final int index;
  final PeerId id;
  final byte[] key;
  final Behaviour behaviour;
  final SimLog log = new SimLog();
  final Set<Hash32> committedIds = new HashSet<>();
  final Map<Long, Long> timers = new HashMap<>();
  private final Function<SimNode, HotStuffEngine> factory;
  HotStuffEngine engine;
  Optional<SafetyRecord> persisted = Optional.empty();
  boolean crashed;
  int incarnation;
  int restarts;

  SimNode(int index, byte[] key, Behaviour behaviour, Function<SimNode, HotStuffEngine> factory) {
    this.index = index;
    this.key = key.clone();
    this.id = PeerId.of(key);
    this.behaviour = behaviour;
    this.factory = factory;
  }

  boolean honest() {
    return behaviour == Behaviour.HONEST;
  }

  /** Builds a fresh engine over this node's disk state and feeds it {@code Start}. */
  Output boot(long now) {
    engine = factory.apply(this);
    crashed = false;
    incarnation++;
    timers.clear();
    return engine.handle(new Input.Start(now, persisted));
  }

  void crash() {
    crashed = true;
    engine = null;
    timers.clear();
    restarts++;
  }

  /** Engine factory for simulator nodes. */
  static Function<SimNode, HotStuffEngine> factory(
      Committee genesis,
      long baseTimeoutMs,
      Function<byte[], Signer> signers,
      SignatureVerifier verifier,
      Function<SimNode, ObservationOracle> oracles,
      java.util.function.Consumer<io.trestle.consensus.core.InvariantViolation> terminator) {
    return node ->
        new HotStuffEngine(
            new HotStuffConfig(genesis, node.id, baseTimeoutMs, 3, 64, 32, 64),
            signers.apply(node.key),
            verifier,
            oracles.apply(node),
            node.log,
            terminator::accept);
  }
}
