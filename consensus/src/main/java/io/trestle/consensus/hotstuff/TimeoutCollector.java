package io.trestle.consensus.hotstuff;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.TimeoutCertificate;
import io.trestle.consensus.core.CommitteeView;
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
 * Collects verified timeouts per view and forms a TC once more than 2/3 of the weight timed out:
 * the TC lists each signer's high QC view and carries the highest of their QCs (Jolteon §4.2). A
 * signer's first timeout in a view counts.
 */
final class TimeoutCollector {
  private final Map<Long, TreeMap<Integer, HotStuffMessage.Timeout>> byView = new HashMap<>();
  private final Set<Long> certified = new HashSet<>();

  /** Adds a verified timeout; returns the TC when it completes a quorum. */
  Optional<TimeoutCertificate> add(HotStuffMessage.Timeout timeout, CommitteeView committee) {
    long view = timeout.data().view();
    if (certified.contains(view)) {
      return Optional.empty();
    }
    TreeMap<Integer, HotStuffMessage.Timeout> got =
        byView.computeIfAbsent(view, v -> new TreeMap<>());
    if (got.putIfAbsent(timeout.signer(), timeout) != null) {
      return Optional.empty();
    }
    long weight = 0;
    for (int s : got.keySet()) {
      weight += committee.weight(s);
    }
    if (!committee.isQuorum(weight)) {
      return Optional.empty();
    }
    certified.add(view);
    List<Long> highViews = new ArrayList<>();
    List<byte[]> signatures = new ArrayList<>();
    QuorumCertificate highest = null;
    for (HotStuffMessage.Timeout t : got.values()) {
      highViews.add(t.data().highQcView());
      signatures.add(t.signature());
      if (highest == null || t.highQc().data().view() > highest.data().view()) {
        highest = t.highQc();
      }
    }
    var d = timeout.data();
    return Optional.of(
        new TimeoutCertificate(
            d.committeeId(),
            d.epoch(),
            view,
            SignerBitmap.encode(new ArrayList<>(got.keySet()), committee.size()),
            highViews,
            signatures,
            highest));
  }

  void pruneBelow(long view) {
    byView.keySet().removeIf(v -> v < view);
    certified.removeIf(v -> v < view);
  }

  void clear() {
    byView.clear();
    certified.clear();
  }
}
