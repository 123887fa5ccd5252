package io.trestle.consensus.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.hotstuff.HotStuffMessage;
import io.trestle.consensus.net.InMemoryNetwork;
import io.trestle.consensus.net.Transport;
import io.trestle.consensus.node.Replica;
import io.trestle.consensus.store.FaultyFileChannel;
import io.trestle.consensus.store.FileOpener;
import io.trestle.proto.v1.Envelope;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replica 0's disk (WAL and block store) fails at its k-th mutating call, for every k of a run
 * (torn write, then every call fails): the driver halts, the replica restarts from what is on disk,
 * and the committee must show no double vote by replica 0, no fork, and commit new messages.
 */
class DriverCrashTest {
  @TempDir Path dir;

  private static final Replica.Tuning TUNING = new Replica.Tuning(250, 4, 4096);
  private static final int FIRST = 12;
  private static final int SECOND = 4;

  /** Replica 0's signed votes and timeouts, across both incarnations, checked as they leave. */
  private static final class SafetyMonitor {
    final Map<Long, Hash32> voteByView = new ConcurrentHashMap<>();
    final Map<Long, Boolean> timedOut = new ConcurrentHashMap<>();
    final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());

    void observe(Envelope e) {
      HotStuffMessage m;
      try {
        m = WireCodec.decode(e);
      } catch (MalformedMessageException ex) {
        violations.add("own message undecodable: " + ex.getMessage());
        return;
      }
      switch (m) {
        case HotStuffMessage.Vote v -> {
          long view = v.data().view();
          Hash32 h = Hash32.of(v.data().blockHash());
          Hash32 prev = voteByView.putIfAbsent(view, h);
          if (prev != null && !prev.equals(h)) {
            violations.add("double vote in view " + view);
          }
          if (timedOut.containsKey(view)) {
            violations.add("vote after own timeout in view " + view);
          }
        }
        case HotStuffMessage.Timeout t -> timedOut.put(t.data().view(), true);
        default -> {}
      }
    }
  }

  private record Run(int mutatingCalls, boolean crashed) {}

  private Run run(Path base, int failAt) throws Exception {
    List<Ed25519KeyPair> keys = TestCommittees.keys(4, 3);
    Committee c = TestCommittees.committee(keys);
    SafetyMonitor monitor = new SafetyMonitor();
    Map<Long, Hash32> byHeight = new ConcurrentHashMap<>();
    Map<Long, Long> heightOfNonce = new ConcurrentHashMap<>();
    List<String> forks = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.function.Consumer<Driver.Committed> check =
        done -> {
          Hash32 prev = byHeight.putIfAbsent(done.block().height(), done.block().hash());
          if (prev != null && !prev.equals(done.block().hash())) {
            forks.add("fork at height " + done.block().height());
          }
          done.block()
              .messages()
              .forEach(m -> heightOfNonce.putIfAbsent(m.nonce(), done.block().height()));
        };
    AtomicInteger calls = new AtomicInteger();
    FileOpener faulty = p -> new FaultyFileChannel(FileOpener.DEFAULT.open(p), calls, failAt, 7);
    List<Driver> drivers = new ArrayList<>();
    try (InMemoryNetwork net = new InMemoryNetwork(4, 4096)) {
      for (int i = 0; i < 4; i++) {
        Transport t = net.endpoint(i);
        if (i == 0) {
          t = new RecordingTransport(t, monitor::observe);
        }
        drivers.add(
            Replica.assemble(
                keys.get(i),
                c,
                t,
                base.resolve("n" + i),
                InMemoryClusterTest.ALL_OBSERVED,
                TUNING,
                check,
                i == 0 ? faulty : FileOpener.DEFAULT));
      }
      drivers.forEach(Driver::start);
      submit(drivers, 1, FIRST);
      Driver zero = drivers.get(0);
      awaitUntil(
          () -> "k=" + failAt + ": first batch",
          () -> zero.halted().isPresent() || zero.stats().committedMessages.sum() >= FIRST);
      // The k-th write may fall in either phase (thread timing moves it): restart replica 0 from
      // its disk whenever it halted, with every message it had been given re-submitted.
      java.util.function.IntConsumer restartZero =
          upTo -> {
            drivers.get(0).close();
            Transport fresh = new RecordingTransport(net.restart(0), monitor::observe);
            Driver again;
            try {
              again =
                  Replica.assemble(
                      keys.get(0),
                      c,
                      fresh,
                      base.resolve("n0"),
                      InMemoryClusterTest.ALL_OBSERVED,
                      TUNING,
                      check,
                      FileOpener.DEFAULT);
            } catch (java.io.IOException | io.trestle.consensus.store.WalCorruptException e) {
              throw new IllegalStateException("restart of replica 0 from its disk", e);
            }
            drivers.set(0, again);
            again.start();
            again.submit(messages(1, upTo));
          };
      boolean crashed = zero.halted().isPresent();
      int used = calls.get();
      if (crashed) {
        restartZero.accept(FIRST);
      }
      submit(drivers, FIRST + 1, SECOND);
      java.util.function.Supplier<String> progress =
          () ->
              "k="
                  + failAt
                  + ": all messages committed everywhere (committed "
                  + heightOfNonce.size()
                  + "/"
                  + (FIRST + SECOND)
                  + ", heights/halted "
                  + drivers.stream()
                      .map(
                          d ->
                              d.committedHeight()
                                  + "/"
                                  + d.halted().map(Object::toString).orElse("live"))
                      .toList()
                  + ", target "
                  + allCommittedHeight(heightOfNonce)
                  + ")";
      java.util.function.BooleanSupplier allCaughtUp =
          () ->
              drivers.stream()
                  .allMatch(
                      d ->
                          d.halted().isEmpty()
                              && d.committedHeight() >= allCommittedHeight(heightOfNonce));
      awaitUntil(progress, () -> drivers.get(0).halted().isPresent() || allCaughtUp.getAsBoolean());
      if (drivers.get(0).halted().isPresent() && !crashed) {
        crashed = true;
        restartZero.accept(FIRST + SECOND);
      }
      awaitUntil(progress, allCaughtUp);
      for (int i = 0; i < drivers.size(); i++) {
        Driver d = drivers.get(i);
        int replica = i;
        assertTrue(
            d.halted().isEmpty(),
            () -> "k=" + failAt + ": replica " + replica + " halted after restart: " + cause(d));
      }
      long minHeight = drivers.stream().mapToLong(Driver::committedHeight).min().orElseThrow();
      assertTrue(minHeight >= 1, "k=" + failAt);
      // A driver sets its height, then its hash, then calls back (which records byHeight): read
      // while it commits, the three can be a step apart, so wait until they agree (a fork never
      // would).
      for (Driver d : drivers) {
        awaitUntil(
            () ->
                "k="
                    + failAt
                    + ": stored commit "
                    + d.committedHeight()
                    + " "
                    + d.committedHash()
                    + " agrees with the committee's "
                    + byHeight.get(d.committedHeight()),
            () -> d.committedHash().equals(byHeight.get(d.committedHeight())));
      }
      if (!monitor.violations.isEmpty() || !forks.isEmpty()) {
        fail("k=" + failAt + ": " + monitor.violations + " " + forks);
      }
      return new Run(used, crashed);
    } finally {
      drivers.forEach(Driver::close);
    }
  }

  /** The halt's exception with its stack and, for an engine invariant, the state dump. */
  private static String cause(Driver d) {
    Throwable t = d.halted().orElseThrow();
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    String dump =
        t instanceof io.trestle.consensus.core.InvariantViolation v ? "\n" + v.stateDump() : "";
    return w + dump + "\nengine: " + d.describe();
  }

  /** Height by which every submitted message is committed, or MAX_VALUE while some are not. */
  private static long allCommittedHeight(Map<Long, Long> heightOfNonce) {
    if (heightOfNonce.size() < FIRST + SECOND) {
      return Long.MAX_VALUE;
    }
    return heightOfNonce.values().stream().mapToLong(Long::longValue).max().orElseThrow();
  }

  private static List<CrossChainMessage> messages(int from, int count) {
    List<CrossChainMessage> l = new ArrayList<>();
    for (int k = from; k < from + count; k++) {
      l.add(TestCommittees.message(k));
    }
    return l;
  }

  private static void submit(List<Driver> drivers, int from, int count) {
    drivers.forEach(d -> d.submit(messages(from, count)));
  }

  /**
   * Liveness wait; generous because CI shares 2 cores between JVMs (a bound, not a speed target).
   */
  private static final int AWAIT_STEPS = Integer.getInteger("crash.await.steps", 1500);

  private static void awaitUntil(
      java.util.function.Supplier<String> what, java.util.function.BooleanSupplier cond)
      throws InterruptedException {
    for (int i = 0; i < AWAIT_STEPS && !cond.getAsBoolean(); i++) {
      Thread.sleep(20);
    }
    assertTrue(
        cond.getAsBoolean(), () -> what.get() + ": not reached in " + AWAIT_STEPS / 50 + " s");
  }

  @Test
  void everyCrashPointKeepsSafetyAndLiveness() throws Exception {
    Run clean = run(dir.resolve("clean"), -1);
    assertTrue(!clean.crashed() && clean.mutatingCalls() > 10, "clean run: " + clean);
    int crashes = 0;
    for (int k = 1; k <= clean.mutatingCalls(); k++) {
      if (run(dir.resolve("k" + k), k).crashed()) {
        crashes++;
      }
    }
    System.out.printf("crash points: %d, crashed runs: %d%n", clean.mutatingCalls(), crashes);
    assertTrue(crashes > clean.mutatingCalls() / 2, "crashes " + crashes);
  }
}
