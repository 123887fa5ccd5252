package io.trestle.consensus.node;

import io.trestle.canonical.v1.ConsensusEngine;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four node processes whose committee file says {@code engine raft}: the node runs the epoch
 * switching engine with Raft in epoch 0, its messages travel as {@code PROTOCOL_ID_EPOCH_SEGMENT}
 * frames over TLS and its WAL holds {@code SegmentSafety} records. Commits (with commit QCs) flow
 * on every node; a follower killed with -9 restarts from its WAL and block store and catches up;
 * the consistency checker (same height, same hash) runs throughout.
 */
class RaftCommitteeIT {
  private static final long T = 180_000;
  @TempDir Path dir;

  @Test
  void raftCommitteeCommitsAndAKilledMemberCatchesUp() throws Exception {
    try (Cluster c = new Cluster(dir, 4, 20, 1_000, ConsensusEngine.RAFT)) {
      c.startAll();
      c.await(
          "every node at height 3 with synthetic messages committed",
          T,
          () ->
              IntStream.range(0, 4).allMatch(i -> c.height(i) >= 3)
                  && c.stat(0, "committed_msgs") > 0);
      c.kill9(3);
      long h = c.maxHeight();
      c.await(
          "the other three commit without node 3",
          T,
          () -> IntStream.range(0, 3).allMatch(i -> c.height(i) >= h + 3));
      c.start(3);
      long target = c.maxHeight();
      c.await("node 3 catches up after restart", T, () -> c.height(3) >= target);
      c.checkConsistent();
    }
  }
}
