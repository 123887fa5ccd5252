package io.trestle.consensus.hotstuff;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.VoteData;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.SignerBitmap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collects verified votes per view and forms a QC once more than 2/3 of the weight signed the same
 * VoteData. A signer's first vote in a view counts; a second one (a double vote) is ignored. One QC
 * per view at most.
 */
final class VoteCollector {
  private record Tally(VoteData data, TreeMap<Integer, byte[]> signatures, long[] weight) {}

  private final Map<Long, Map<Hash32, Tally>> byView = new HashMap<>();
  private final Map<Long, Set<Integer>> voted = new HashMap<>();
  private final Set<Long> certified = new HashSet<>();

  /** Adds a verified vote; returns the QC when this vote completes a quorum. */
  Optional<QuorumCertificate> add(
      VoteData data, int signer, byte[] signature, CommitteeView committee) {
    long view = data.view();
    if (certified.contains(view)
        || !voted.computeIfAbsent(view, v -> new HashSet<>()).add(signer)) {
      return Optional.empty();
    }
    Tally t =
        byView
            .computeIfAbsent(view, v -> new HashMap<>())
            .computeIfAbsent(
                Hash32.of(data.hash()), h -> new Tally(data, new TreeMap<>(), new long[1]));
    t.signatures().put(signer, signature);
    t.weight()[0] += committee.weight(signer);
    if (!committee.isQuorum(t.weight()[0])) {
      return Optional.empty();
    }
    certified.add(view);
    List<Integer> signers = new ArrayList<>(t.signatures().keySet());
    return Optional.of(
        new QuorumCertificate(
            data,
            SignerBitmap.encode(signers, committee.size()),
            new ArrayList<>(t.signatures().values())));
  }

  /** Drops state of views below {@code view}. */
  void pruneBelow(long view) {
    byView.keySet().removeIf(v -> v < view);
    voted.keySet().removeIf(v -> v < view);
    certified.removeIf(v -> v < view);
  }

  void clear() {
    byView.clear();
    voted.clear();
    certified.clear();
  }
}
