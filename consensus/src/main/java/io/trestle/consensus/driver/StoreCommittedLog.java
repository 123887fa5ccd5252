package io.trestle.consensus.driver;

import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.VoteData;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.CommittedLog;
import io.trestle.consensus.store.BlockStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The engine's {@link CommittedLog} port over the node's {@link BlockStore}: height 0 is the
 * deployment's genesis block (derived from the genesis committee exactly as the engine derives it),
 * heights from 1 are read from disk. A read error or an undecodable stored block is a broken
 * storage invariant and surfaces as an unchecked exception, which halts the node.
 */
public final class StoreCommittedLog implements CommittedLog {
  private final BlockStore store;
  private final Block genesis;

  public StoreCommittedLog(BlockStore store, Committee genesisCommittee) {
    this.store = store;
    this.genesis = genesis(genesisCommittee);
  }

  /** Height 0: empty, view 0, justified by a signature-less QC of view 0 over itself. */
  public static Block genesis(Committee committee) {
    byte[] id = committee.committeeId();
    BlockHeader g = new BlockHeader(id, 0, 0, 0, new byte[32], 0, new byte[32], 0, 0, 0);
    VoteData d = new VoteData(id, 0, 0, 0, g.hash(), 0, new byte[32]);
    return new Block(
        g, List.of(), new QuorumCertificate(d, new byte[0], List.of()), Optional.empty());
  }

  @Override
  public long tipHeight() {
    return store.tipHeight();
  }

  @Override
  public Optional<Block> block(long height) {
    if (height == 0) {
      return Optional.of(genesis);
    }
    try {
      var cb = store.get(height);
      return cb.isEmpty() ? Optional.empty() : Optional.of(WireCodec.block(cb.get()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MalformedMessageException e) {
      throw new IllegalStateException("stored block " + height + " undecodable", e);
    }
  }

  @Override
  public Optional<QuorumCertificate> proof(long height) {
    if (height == 0) {
      return Optional.empty();
    }
    try {
      var cb = store.get(height);
      return cb.isEmpty() ? Optional.empty() : Optional.of(WireCodec.proof(cb.get()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MalformedMessageException e) {
      throw new IllegalStateException("stored proof " + height + " undecodable", e);
    }
  }
}
