package io.trestle.consensus.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.VoteData;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.hotstuff.HotStuffMessage;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class VerificationTest {
  private final List<Ed25519KeyPair> keys = TestCommittees.keys(4, 9);
  private final SignaturePreverifier preverifier =
      new SignaturePreverifier(keys.stream().map(Ed25519KeyPair::publicKey).toList());
  private final PeerId from = PeerId.of(keys.get(1).publicKey());

  private HotStuffMessage.Vote vote(long view, boolean valid) {
    byte[] block = new byte[32];
    block[0] = (byte) view;
    VoteData d = new VoteData(new byte[32], 0, view, view, block, 0, new byte[32]);
    byte[] sig = keys.get(1).sign(d.hash());
    if (!valid) {
      sig = Arrays.copyOf(sig, 64);
      sig[5] ^= 1;
    }
    return new HotStuffMessage.Vote(d, 1, sig);
  }

  @Test
  void anIdleVerifierChecksASmallMessageOnTheCallingThreadAndForwardsItAtOnce() {
    List<Thread> forwardedOn = new ArrayList<>();
    var stats = new DriverStats();
    var v = new Verification(preverifier, 16, i -> forwardedOn.add(Thread.currentThread()), stats);
    // not started: only the direct path can forward anything
    HotStuffMessage.Vote good = vote(3, true);
    v.submit(new Verification.Item(from, good, System.nanoTime()));
    assertEquals(List.of(Thread.currentThread()), forwardedOn);
    long before = preverifier.ownerThreadChecks.sum();
    assertTrue(preverifier.verify(keys.get(1).publicKey(), good.data().hash(), good.signature()));
    assertEquals(before, preverifier.ownerThreadChecks.sum()); // answered from the cache
    v.close();
  }

  @Test
  void anInvalidSignatureIsForwardedButNotRememberedAsValid() {
    List<Verification.Item> out = new ArrayList<>();
    var v = new Verification(preverifier, 16, out::add, new DriverStats());
    HotStuffMessage.Vote bad = vote(4, false);
    v.submit(new Verification.Item(from, bad, System.nanoTime()));
    assertEquals(1, out.size());
    long before = preverifier.ownerThreadChecks.sum();
    assertFalse(preverifier.verify(keys.get(1).publicKey(), bad.data().hash(), bad.signature()));
    assertEquals(before + 1, preverifier.ownerThreadChecks.sum());
    v.close();
  }

  @Test
  void aLargeMessageGoesToTheBatchAndLaterSmallOnesWaitBehindItInOrder() throws Exception {
    List<Long> order = new CopyOnWriteArrayList<>();
    var v =
        new Verification(
            preverifier,
            64,
            i -> order.add(i.message() instanceof HotStuffMessage.Vote vt ? vt.data().view() : -1L),
            new DriverStats());
    // A sync response with more than DIRECT_MAX_SIGNATURES signatures is queued, not verified
    // directly; the votes after it must not overtake it.
    var big =
        new HotStuffMessage.SyncResponse(
            manyBlocksWithQcs(Verification.DIRECT_MAX_SIGNATURES), Optional.empty());
    v.submit(new Verification.Item(from, big, System.nanoTime()));
    v.submit(new Verification.Item(from, vote(5, true), System.nanoTime()));
    v.submit(new Verification.Item(from, vote(6, true), System.nanoTime()));
    assertTrue(order.isEmpty()); // nothing passes while the batch thread has not run
    v.start();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (order.size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(List.of(-1L, 5L, 6L), order);
    // idle again: the next small message takes the direct path
    v.submit(new Verification.Item(from, vote(7, true), System.nanoTime()));
    assertEquals(List.of(-1L, 5L, 6L, 7L), order);
    v.close();
  }

  @Test
  void signaturesCheckedAsVotesAreNotCheckedAgainInAQc() {
    VoteData d = new VoteData(new byte[32], 0, 8, 8, new byte[32], 0, new byte[32]);
    List<byte[]> sigs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sigs.add(keys.get(i).sign(d.hash()));
    }
    var v = new Verification(preverifier, 16, i -> {}, new DriverStats());
    for (int i = 0; i < 2; i++) {
      v.submit(new Verification.Item(from, new HotStuffMessage.Vote(d, i, sigs.get(i)), 0));
    }
    assertEquals(2, preverifier.batched.sum());
    // signer 2's signature is corrupted: the only new one in the QC, checked, not remembered
    byte[] bad = Arrays.copyOf(sigs.get(2), 64);
    bad[7] ^= 1;
    var qc = new QuorumCertificate(d, new byte[] {0b0111}, List.of(sigs.get(0), sigs.get(1), bad));
    var header = new BlockHeader(new byte[32], 0, 9, 9, new byte[32], 8, new byte[32], 0, 0, 0);
    var proposal = new HotStuffMessage.Proposal(new Block(header, List.of(), qc, Optional.empty()));
    v.submit(new Verification.Item(from, proposal, 0));
    assertEquals(2, preverifier.skipped.sum());
    assertEquals(3, preverifier.batched.sum());
    long before = preverifier.ownerThreadChecks.sum();
    assertTrue(preverifier.verify(keys.get(0).publicKey(), d.hash(), sigs.get(0)));
    assertFalse(preverifier.verify(keys.get(2).publicKey(), d.hash(), bad));
    assertEquals(before + 1, preverifier.ownerThreadChecks.sum());
    v.close();
  }

  /** Blocks whose justify QCs carry more than {@code minSignatures} signatures in all. */
  private List<Block> manyBlocksWithQcs(int minSignatures) {
    List<Block> blocks = new ArrayList<>();
    for (long h = 1; blocks.size() * 3 <= minSignatures; h++) {
      VoteData d = new VoteData(new byte[32], 0, h, h, new byte[32], 0, new byte[32]);
      List<byte[]> sigs = List.of(new byte[64], new byte[64], new byte[64]);
      var qc = new QuorumCertificate(d, new byte[] {0b0111}, sigs);
      var header =
          new BlockHeader(new byte[32], 0, h + 1, h + 1, new byte[32], h, new byte[32], 0, 0, 0);
      blocks.add(new Block(header, List.of(), qc, Optional.empty()));
    }
    return blocks;
  }
}
