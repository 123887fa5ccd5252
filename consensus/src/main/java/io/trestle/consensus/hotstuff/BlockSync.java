package io.trestle.consensus.hotstuff;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Catch-up inside the engine: fetches missing ancestors (of a proposal, or of a block a QC commits)
 * from a peer, serves such requests from the block tree and the {@link
 * io.trestle.consensus.core.CommittedLog}, and keeps the one proposal and the one commit QC that
 * wait for blocks. Requests for the same target are rate-limited to one per base timeout; the view
 * timer retries them with another peer.
 */
final class BlockSync {
  private final HotStuffEngine e;
  private final Map<Hash32, Long> requested = new HashMap<>();
  private Block buffered;
  private PeerId bufferedFrom;
  private QuorumCertificate pendingCommit;
  private PeerId pendingCommitFrom;
  private int rotation;

  BlockSync(HotStuffEngine engine) {
    this.e = engine;
  }

  void bufferProposal(PeerId from, Block block) {
    if (buffered == null || block.view() >= buffered.view()) {
      buffered = block;
      bufferedFrom = from;
    }
  }

  void awaitCommit(QuorumCertificate qc, PeerId from) {
    if (pendingCommit == null || qc.data().commitHeight() > pendingCommit.data().commitHeight()) {
      pendingCommit = qc;
      pendingCommitFrom = from;
    }
    request(from, Hash32.of(qc.data().commitHash()), e.committedHeight() + 1, false);
  }

  /** Called after commits: forgets satisfied waits and old request marks. */
  void committed() {
    if (pendingCommit != null && pendingCommit.data().commitHeight() <= e.committedHeight()) {
      pendingCommit = null;
    }
    long horizon = e.now - 10 * e.config.baseTimeoutMs();
    requested.values().removeIf(t -> t < horizon);
  }

  void request(PeerId peer, Hash32 target, long fromHeight, boolean force) {
    PeerId to = peer.equals(e.self()) ? nextPeer() : peer;
    Long last = requested.get(target);
    if (to == null || (!force && last != null && e.now - last < e.config.baseTimeoutMs())) {
      return;
    }
    requested.put(target, e.now);
    e.send(to, new HotStuffMessage.SyncRequest(fromHeight, target, e.config.syncBatch()));
  }

  /**
   * On the view timer: asks every other member for whatever is still missing (one of them may be
   * silent or lagging too).
   */
  void retry() {
    long from = e.committedHeight() + 1;
    List<Hash32> missing = new ArrayList<>();
    if (pendingCommit != null) {
      missing.add(Hash32.of(pendingCommit.data().commitHash()));
    }
    if (buffered != null
        && buffered.height() > e.committedHeight()
        && !e.tree.contains(buffered.parentHash())) {
      missing.add(buffered.parentHash());
    }
    Hash32 high = e.certifiedHash(e.highQc);
    if (e.certifiedHeight(e.highQc) > e.committedHeight() && !e.tree.contains(high)) {
      missing.add(high);
    }
    for (Hash32 target : missing) {
      requested.put(target, e.now);
      CommitteeView c = e.epochs.current();
      for (int i = 0; i < c.size(); i++) {
        PeerId p = PeerId.of(c.publicKey(i));
        if (!p.equals(e.self())) {
          e.send(p, new HotStuffMessage.SyncRequest(from, target, e.config.syncBatch()));
        }
      }
    }
  }

  void replayBuffered() {
    if (buffered != null) {
      Block b = buffered;
      buffered = null;
      e.replica.onProposal(bufferedFrom, b);
    }
  }

  private PeerId nextPeer() {
    CommitteeView c = e.epochs.current();
    for (int i = 0; i < c.size(); i++) {
      PeerId p = PeerId.of(c.publicKey(Math.floorMod(rotation++, c.size())));
      if (!p.equals(e.self())) {
        return p;
      }
    }
    return null;
  }

  void onRequest(PeerId from, HotStuffMessage.SyncRequest req) {
    List<Block> upper;
    if (req.target().equals(e.tree.rootHash())) {
      upper = List.of();
    } else {
      Optional<List<Block>> path = e.tree.pathFromRoot(req.target());
      if (path.isEmpty()) {
        return;
      }
      upper = path.get();
    }
    int max = Math.min(Math.max(1, req.maxBlocks()), e.config.syncBatch());
    List<Block> blocks = new ArrayList<>();
    long rootHeight = e.committedHeight();
    long lastCommitted = -1;
    for (long h = Math.max(1, req.fromHeight()); h <= rootHeight && blocks.size() < max; h++) {
      Optional<Block> b = e.log.block(h);
      if (b.isEmpty()) {
        break;
      }
      blocks.add(b.get());
      lastCommitted = h;
    }
    for (Block b : upper) {
      if (blocks.size() >= max) {
        break;
      }
      if (b.height() >= req.fromHeight()) {
        blocks.add(b);
      }
    }
    Optional<QuorumCertificate> proof =
        lastCommitted > 0 ? e.log.proof(lastCommitted) : Optional.empty();
    if (!blocks.isEmpty()) {
      e.send(from, new HotStuffMessage.SyncResponse(blocks, proof));
    }
  }

  void onResponse(PeerId from, HotStuffMessage.SyncResponse resp) {
    Block last = null;
    for (Block b : resp.blocks()) {
      if (b.height() <= e.committedHeight()) {
        continue;
      }
      Hash32 hash = b.hash();
      if (e.tree.contains(hash)) {
        last = b;
        continue;
      }
      if (b.header().epoch() != e.epochs.current().epoch()
          || e.replica.checkBlock(b).isPresent()
          || !e.tree.add(hash, b)) {
        break;
      }
      last = b;
    }
    if (resp.commitProof().isPresent() && e.verifyQc(resp.commitProof().get())) {
      e.replica.onQc(resp.commitProof().get(), from);
    }
    if (pendingCommit != null && pendingCommit.data().commitHeight() > e.committedHeight()) {
      e.replica.commit(pendingCommit, pendingCommitFrom);
    }
    if (buffered != null
        && (e.tree.contains(buffered.parentHash())
            || buffered.header().epoch() == e.epochs.current().epoch())) {
      replayBuffered();
    }
    boolean missing =
        (pendingCommit != null && pendingCommit.data().commitHeight() > e.committedHeight())
            || (buffered != null && !e.tree.contains(buffered.parentHash()));
    if (missing && last != null) {
      Hash32 target =
          pendingCommit != null
              ? Hash32.of(pendingCommit.data().commitHash())
              : buffered.parentHash();
      request(from, target, Math.max(last.height(), e.committedHeight()) + 1, true);
    }
  }
}
