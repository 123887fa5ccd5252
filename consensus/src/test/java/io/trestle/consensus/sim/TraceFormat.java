package io.trestle.consensus.sim;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.hotstuff.HotStuffMessage;
import io.trestle.consensus.hotstuff.HotStuffSafety;
import java.util.Map;

/** Compact, deterministic one-line renderings of actions and messages for traces. */
final class TraceFormat {
  private TraceFormat() {}

  static String action(Action a, Map<PeerId, Integer> names) {
    return switch (a) {
      case Action.PersistSafety p -> {
        HotStuffSafety s = (HotStuffSafety) p.record();
        yield "persist lastVoted=" + s.lastVotedView() + " highQc=" + qc(s.highQc());
      }
      case Action.Send s -> "send ->" + names.getOrDefault(s.to(), -1) + " " + message(s.message());
      case Action.Broadcast b -> "broadcast " + message(b.message());
      case Action.Commit c ->
          "commit h"
              + c.block().height()
              + " "
              + c.block().hash().shortHex()
              + " msgs="
              + c.block().messages().size()
              + " proof="
              + qc(c.proof());
      case Action.ScheduleTimer t -> "timer " + t.timerId() + " at " + t.atMs();
    };
  }

  static String message(EngineMessage m) {
    if (!(m instanceof HotStuffMessage h)) {
      return m.getClass().getSimpleName();
    }
    return switch (h) {
      case HotStuffMessage.Proposal p ->
          "proposal v"
              + p.block().view()
              + " h"
              + p.block().height()
              + " "
              + p.block().hash().shortHex()
              + " msgs="
              + p.block().messages().size()
              + " justify="
              + qc(p.block().justify())
              + p.block().timeoutCertificate().map(tc -> " tc=v" + tc.view()).orElse("");
      case HotStuffMessage.Vote v ->
          "vote v"
              + v.data().view()
              + " h"
              + v.data().height()
              + " "
              + Hash32.of(v.data().blockHash()).shortHex()
              + " by "
              + v.signer()
              + (v.data().commitHeight() > 0 ? " commits h" + v.data().commitHeight() : "");
      case HotStuffMessage.Timeout t ->
          "timeout v"
              + t.data().view()
              + " highQc=v"
              + t.data().highQcView()
              + " by "
              + t.signer()
              + t.lastTc().map(tc -> " lastTc=v" + tc.view()).orElse("");
      case HotStuffMessage.SyncRequest r ->
          "sync-request from h" + r.fromHeight() + " to " + r.target().shortHex();
      case HotStuffMessage.SyncResponse r ->
          "sync-response "
              + r.blocks().size()
              + " blocks"
              + r.commitProof().map(q -> " proof=" + qc(q)).orElse("");
      case HotStuffMessage.EpochChange e -> "epoch-change " + qc(e.boundaryQc());
    };
  }

  static String qc(QuorumCertificate qc) {
    return "v" + qc.data().view() + "/h" + qc.data().height() + "/e" + qc.data().epoch();
  }
}
