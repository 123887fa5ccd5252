package io.trestle.consensus.core;

/**
 * A consensus protocol as a pure, deterministic state machine: the driver feeds it {@link Input}s
 * and executes the {@link Action}s it returns. HotStuff ({@code hotstuff.HotStuffEngine})
 * implements it for Byzantine committees; a Raft engine implements the same interface for
 * crash-fault committees, so the driver and the simulator run either.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>Threading.</b> Not thread-safe: one owner thread calls {@code handle}, one input at a
 *       time. The engine starts no thread and never blocks.
 *   <li><b>Determinism.</b> No clock, randomness, I/O or logging inside: time enters as {@link
 *       Input#nowMs()}. Given the same construction parameters, the same port answers and the same
 *       sequence of inputs, the engine returns the same outputs.
 *   <li><b>First input.</b> {@link Input.Start} (fresh or with the restored {@link SafetyRecord});
 *       anything before it is ignored.
 *   <li><b>Ordering.</b> The driver executes each output's actions in order and completes {@link
 *       Action.PersistSafety} (durably) before any message of the same output leaves the node (see
 *       {@link Output}). It applies {@link Action.Commit}s to its committed log before the next
 *       {@code handle} call.
 *   <li><b>Hostile input.</b> Invalid, stale or duplicate messages are ignored (empty output),
 *       never thrown. An exception from {@code handle} means a broken internal invariant: the
 *       engine has already reported it through its {@link Terminator} and must not be called again.
 * </ul>
 */
public interface ConsensusEngine {
  /** Applies one input; returns the actions to execute, in order. */
  Output handle(Input input);

  /**
   * A deterministic, human-readable dump of the engine's state for crash forensics and golden
   * traces. Never used for decisions.
   */
  String describeState();
}
