package io.trestle.consensus.sim;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CrossChainMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One simulation scenario. {@link #mixed(long, int)} derives a scenario with mixed faults from a
 * seed, so a seed and n are a complete reproducer.
 *
 * @param observers nodes beyond the genesis committee (indices n, n+1, ...) that follow the chain
 * @param faultPhaseMs virtual time during which loss, duplication, jitter, partitions and crashes
 *     happen; after it the network heals (Byzantine nodes stay Byzantine)
 * @param healPhaseMs virtual time after the fault phase; liveness is checked over it
 */
public record SimOptions(
    long seed,
    int n,
    int observers,
    Map<Integer, Behaviour> behaviours,
    double loss,
    double duplicate,
    boolean partition,
    boolean crashes,
    long minDelayMs,
    long linkSpreadMs,
    long jitterMs,
    long baseTimeoutMs,
    long faultPhaseMs,
    long healPhaseMs,
    int messagesPerSecond,
    List<Rotation> rotations,
    long maxSteps) {

  /**
   * A committee rotation message (carrying {@code next}) that appears on the governance chain at
   * {@code atMs}.
   */
  public record Rotation(CrossChainMessage message, Committee next, long atMs) {}

  public SimOptions {
    behaviours = Map.copyOf(behaviours);
    rotations = List.copyOf(rotations);
  }

  /** No faults at all: the benchmark's setting. */
  public static SimOptions calm(long seed, int n, long durationMs) {
    return new SimOptions(
        seed,
        n,
        0,
        Map.of(),
        0,
        0,
        false,
        false,
        5,
        5,
        0,
        500,
        0,
        durationMs,
        200,
        List.of(),
        Long.MAX_VALUE);
  }

  /** Mixed faults derived from {@code seed}: up to f Byzantine nodes, loss, partitions, crashes. */
  public static SimOptions mixed(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int f = (n - 1) / 3;
    int byz = r.nextInt(f + 1);
    Behaviour[] kinds = Behaviour.values();
    Map<Integer, Behaviour> behaviours = new HashMap<>();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    for (int i = 0; i < byz; i++) {
      int pick = order.remove(r.nextInt(order.size()));
      behaviours.put(pick, kinds[1 + r.nextInt(kinds.length - 1)]);
    }
    double loss = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.15;
    double dup = r.nextDouble() * 0.1;
    boolean partition = r.nextInt(3) == 0;
    boolean crashes = r.nextInt(3) == 0;
    return new SimOptions(
        seed,
        n,
        0,
        behaviours,
        loss,
        dup,
        partition,
        crashes,
        2,
        10,
        30,
        100,
        2_000,
        3_000,
        30,
        List.of(),
        2_000_000);
  }
}
