package io.trestle.consensus.epoch;

import io.trestle.consensus.core.CommitteeView;

/**
 * A run of epochs served by one engine instance: a single Raft epoch, or consecutive HotStuff
 * epochs (HotStuff follows its own HotStuff-to-HotStuff rotations). It starts at epoch {@code
 * committee.epoch()} with the block at {@code firstHeight}, whose parent is the committed block at
 * {@code firstHeight - 1} (genesis for the first segment).
 */
public record Segment(CommitteeView committee, long firstHeight) {
  public long startEpoch() {
    return committee.epoch();
  }

  public io.trestle.canonical.v1.ConsensusEngine engine() {
    return committee.committee().engine();
  }
}
