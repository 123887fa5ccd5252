package io.trestle.consensus.sim;

import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.TimeoutData;
import io.trestle.canonical.v1.VoteData;
import io.trestle.consensus.core.Action;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.Output;
import io.trestle.consensus.core.Signer;
import io.trestle.consensus.hotstuff.HotStuffMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Byzantine strategies: each rewrites what a faulty node's honest engine wants to send. Faulty
 * nodes sign only with their own key (they cannot forge honest signatures), as in the model.
 */
final class Byzantine {
  private final Simulation sim;
  private final Map<Integer, List<EngineMessage>> seen = new HashMap<>();
  private final Map<Hash32, Block> blocks = new HashMap<>();
  int forks;

  Byzantine(Simulation sim) {
    this.sim = sim;
  }

  List<Action> transform(SimNode node, Output output) {
    List<Action> out = new ArrayList<>();
    for (Action a : output.actions()) {
      switch (a) {
        case Action.Send s -> {
          if (node.behaviour != Behaviour.SILENT) {
            rewrite(node, s.message(), s, out);
          }
        }
        case Action.Broadcast b -> {
          if (node.behaviour != Behaviour.SILENT) {
            rewrite(node, b.message(), b, out);
          }
        }
        default -> out.add(a);
      }
    }
    return out;
  }

  private void rewrite(SimNode node, EngineMessage msg, Action original, List<Action> out) {
    Signer signer = sim.signers.apply(node.key);
    switch (node.behaviour) {
      case EQUIVOCATE -> {
        if (msg instanceof HotStuffMessage.Proposal p && original instanceof Action.Broadcast) {
          var twin = new HotStuffMessage.Proposal(twin(p.block()));
          for (SimNode other : sim.nodes) {
            if (other != node) {
              out.add(new Action.Send(other.id, other.index % 2 == 0 ? p : twin));
              if (sim.rng.nextBoolean()) {
                out.add(new Action.Send(other.id, other.index % 2 == 0 ? twin : p));
              }
            }
          }
          return;
        }
        out.add(original);
      }
      case DOUBLE_VOTE -> {
        out.add(original);
        if (msg instanceof HotStuffMessage.Vote v && original instanceof Action.Send s) {
          VoteData d = v.data();
          byte[] other = new byte[32];
          sim.rng.nextBytes(other);
          VoteData d2 =
              new VoteData(
                  d.committeeId(), d.epoch(), d.view(), d.height(), other, 0, new byte[32]);
          out.add(
              new Action.Send(
                  s.to(), new HotStuffMessage.Vote(d2, v.signer(), signer.sign(d2.hash()))));
        }
      }
      case BAD_SIGNATURE -> {
        byte[] junk = new byte[64];
        sim.rng.nextBytes(junk);
        EngineMessage bad = msg;
        if (msg instanceof HotStuffMessage.Vote v) {
          bad = new HotStuffMessage.Vote(v.data(), sim.rng.nextInt(sim.options.n()), junk);
        } else if (msg instanceof HotStuffMessage.Timeout t) {
          bad =
              new HotStuffMessage.Timeout(
                  t.data(), t.highQc(), t.lastTc(), sim.rng.nextInt(sim.options.n()), junk);
        }
        out.add(
            original instanceof Action.Send s
                ? new Action.Send(s.to(), bad)
                : new Action.Broadcast(bad));
      }
      case STALE_FUTURE -> {
        out.add(original);
        long shift = sim.rng.nextBoolean() ? -3 : 50 + sim.rng.nextInt(1000);
        if (msg instanceof HotStuffMessage.Vote v && original instanceof Action.Send s) {
          VoteData d = v.data();
          VoteData d2 =
              new VoteData(
                  d.committeeId(),
                  d.epoch(),
                  Math.max(1, d.view() + shift),
                  d.height(),
                  d.blockHash(),
                  d.commitHeight(),
                  d.commitHash());
          out.add(
              new Action.Send(
                  s.to(), new HotStuffMessage.Vote(d2, v.signer(), signer.sign(d2.hash()))));
        } else if (msg instanceof HotStuffMessage.Timeout t) {
          TimeoutData d = t.data();
          TimeoutData d2 =
              new TimeoutData(
                  d.committeeId(), d.epoch(), Math.max(1, d.view() + shift), d.highQcView());
          out.add(
              new Action.Broadcast(
                  new HotStuffMessage.Timeout(
                      d2, t.highQc(), t.lastTc(), t.signer(), signer.sign(d2.hash()))));
        }
      }
      case WITHHOLD -> {
        if (msg instanceof HotStuffMessage.Proposal p) {
          int f = (sim.options.n() - 1) / 3;
          for (int i = 0; i < f; i++) {
            SimNode other = sim.nodes.get(sim.rng.nextInt(sim.nodes.size()));
            if (other != node) {
              out.add(new Action.Send(other.id, p));
            }
          }
        } else if (!(msg instanceof HotStuffMessage.Vote) || sim.rng.nextBoolean()) {
          out.add(original);
        }
      }
      case FORK -> {
        if (msg instanceof HotStuffMessage.Proposal p
            && p.block().timeoutCertificate().isPresent()
            && blocks.containsKey(Hash32.of(p.block().justify().data().blockHash()))) {
          Block certified = blocks.get(Hash32.of(p.block().justify().data().blockHash()));
          Block older = blocks.get(Hash32.of(certified.justify().data().blockHash()));
          Block base = older != null ? older : certified;
          forks++;
          out.add(new Action.Broadcast(new HotStuffMessage.Proposal(olderFork(p.block(), base))));
          return;
        }
        out.add(original);
      }
      case REPLAY, HONEST, SILENT -> out.add(original);
    }
  }

  /** A conflicting block for the same view: same parent and justify, another timestamp. */
  static Block twin(Block b) {
    BlockHeader h = b.header();
    BlockHeader h2 =
        new BlockHeader(
            h.committeeId(),
            h.epoch(),
            h.height(),
            h.view(),
            h.parentHash(),
            h.justifyView(),
            h.payloadRoot(),
            h.messageCount(),
            h.proposer(),
            h.timestampMs() + 1);
    return new Block(h2, b.messages(), b.justify(), b.timeoutCertificate());
  }

  /** {@code b} re-parented onto the QC that {@code certified} carries. */
  private static Block olderFork(Block b, Block certified) {
    BlockHeader h = b.header();
    var q = certified.justify();
    BlockHeader h2 =
        new BlockHeader(
            h.committeeId(),
            h.epoch(),
            q.data().height() + 1,
            h.view(),
            q.data().blockHash(),
            q.data().view(),
            h.payloadRoot(),
            h.messageCount(),
            h.proposer(),
            h.timestampMs());
    return new Block(h2, b.messages(), q, b.timeoutCertificate());
  }

  /** Remembers messages a replaying node received, and blocks a forking node saw. */
  void observeIncoming(SimNode node, EngineMessage msg) {
    if (node.behaviour == Behaviour.FORK && msg instanceof HotStuffMessage.Proposal p) {
      blocks.put(p.block().hash(), p.block());
    }
    if (node.behaviour == Behaviour.REPLAY) {
      List<EngineMessage> list = seen.computeIfAbsent(node.index, k -> new ArrayList<>());
      if (list.size() < 200) {
        list.add(msg);
      } else {
        list.set(sim.rng.nextInt(list.size()), msg);
      }
    }
  }

  /** After each step: replaying nodes occasionally re-send an old message. */
  void tick() {
    for (var e : seen.entrySet()) {
      if (!e.getValue().isEmpty() && sim.rng.nextInt(20) == 0) {
        EngineMessage m = e.getValue().get(sim.rng.nextInt(e.getValue().size()));
        sim.transmit(e.getKey(), sim.rng.nextInt(sim.nodes.size()), m);
      }
    }
  }
}
