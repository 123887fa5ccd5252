package io.trestle.consensus.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.raft.RaftMessage.VoteReply;
import io.trestle.consensus.sim.Workload;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crash recovery enumerated, not sampled: in a scripted run (elections, payload, a leader change),
 * member {@code node} crashes right after its k-th saved record, before any other action of that
 * output, for every k (each member saves six records in this script, and the test checks the crash
 * did happen); it restarts from that record and its committed log. Afterwards: it never granted two
 * votes in one term, all members hold the same committed log, and every message of the script is
 * committed.
 */
class RaftCrashEnumerationTest {
  static Stream<Arguments> cases() {
    return Stream.of(0, 1, 2)
        .flatMap(node -> IntStream.rangeClosed(1, 6).mapToObj(k -> Arguments.of(node, k)));
  }

  @ParameterizedTest(name = "member {0} crashes after persist #{1}")
  @MethodSource("cases")
  void crashAfterEveryPersist(int node, int k) {
    RaftHarness h = new RaftHarness(3);
    h.crashNode = node;
    h.crashAtPersist = k;
    h.timeout(0);
    h.settle();
    payloadToAll(h, 1);
    h.settle();
    h.restartCrashed();
    h.timeout(1);
    h.settle();
    payloadToAll(h, 2);
    h.settle();
    h.restartCrashed();
    payloadToAll(h, 1);
    payloadToAll(h, 2);
    for (int round = 0; round < 6; round++) {
      for (int i = 0; i < 3; i++) {
        if (h.engines[i].role == RaftEngine.Role.LEADER) {
          h.heartbeat(i);
        }
      }
      h.settle();
      if (round == 2 && leaders(h) == 0) {
        h.timeout(2);
        h.settle();
      }
    }
    Map<Long, Integer> votes = new HashMap<>();
    for (Output out : h.outputs.get(node)) {
      for (Action a : out.actions()) {
        if (a instanceof Action.Send s && s.message() instanceof VoteReply v && v.granted()) {
          Integer to = h.view.indexOf(s.to().key().bytes());
          Integer before = votes.putIfAbsent(v.term(), to);
          assertTrue(before == null || before.equals(to), "two votes in term " + v.term());
        }
      }
    }
    long tip = h.logs[0].tipHeight();
    assertTrue(tip >= 3, "tip " + tip);
    for (int i = 0; i < 3; i++) {
      assertEquals(tip, h.logs[i].tipHeight(), "member " + i);
      for (int x = 0; x < tip; x++) {
        assertEquals(h.logs[0].blocks.get(x).hash(), h.logs[i].blocks.get(x).hash());
      }
    }
    long committedMessages = h.logs[0].blocks.stream().mapToLong(b -> b.messages().size()).sum();
    assertEquals(2, committedMessages);
    assertTrue(h.persists >= k, "the crash happened (member saved " + h.persists + " records)");
  }

  /** Every member's watcher sees messages 1..upTo (again: duplicates are ignored). */
  private static void payloadToAll(RaftHarness h, int upTo) {
    for (int i = 0; i < 3; i++) {
      for (int m = 1; m <= upTo; m++) {
        h.payload(i, Workload.message(31, m));
      }
    }
  }

  private static int leaders(RaftHarness h) {
    int n = 0;
    for (RaftEngine e : h.engines) {
      n += e.role == RaftEngine.Role.LEADER ? 1 : 0;
    }
    return n;
  }
}
