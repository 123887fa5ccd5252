#!/usr/bin/env python3
"""Phases of a commit across a load run's nodes.

usage: commit-phases.py DIR n
DIR holds node0.jfr .. node<n-1>.jfr from `LoadHarness` run with -Dload.jfrAll=DIR. Events of all
nodes share the machine's wall clock; they are matched by block height. The first 40 % of the
heights (start-up and JIT warm-up) are skipped. Needs `jfr` (JDK bin) on PATH.
"""
import datetime
import json
import re
import statistics
import subprocess
import sys

EVENTS = "trestle.consensus.Proposal,trestle.consensus.ProposalReceived,trestle.consensus.Vote,trestle.consensus.Commit"


def wall_ms(s):
    base, frac = s.rstrip("Z").split(".")
    t = datetime.datetime.fromisoformat(base).replace(tzinfo=datetime.timezone.utc).timestamp()
    return t * 1000 + float("0." + frac) * 1000


def span_ms(s):
    if isinstance(s, (int, float)):
        return s / 1000
    m = re.match(r"PT(?:([0-9.]+)M)?(?:([0-9.]+)S)?", s)
    return (float(m.group(1) or 0) * 60 + float(m.group(2) or 0)) * 1000


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]


def show(name, xs):
    if xs:
        print(f"{name:46s} n={len(xs):5d} p50={pct(xs, .5):7.2f} p90={pct(xs, .9):7.2f} "
              f"p99={pct(xs, .99):7.2f} mean={statistics.mean(xs):7.2f}")


def main(d, n):
    prop, recv, vote, commit, handoff = {}, {}, {}, {}, []
    for i in range(n):
        out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "0", "--events", EVENTS,
                              f"{d}/node{i}.jfr"], capture_output=True, text=True, check=True).stdout
        for e in json.loads(out)["recording"]["events"]:
            v, kind = e["values"], e["type"].split(".")[-1]
            t, h = wall_ms(v["startTime"]), v["height"]
            if kind == "Proposal":
                prop[h] = (t, v["messages"], i)
            elif kind == "ProposalReceived":
                recv.setdefault(h, {})[i] = t
                handoff.append((h, span_ms(v["handOffUs"])))
            elif kind == "Vote":
                vote.setdefault(h, {})[i] = t
            elif kind == "Commit":
                commit.setdefault(h, {})[i] = t
    hs = sorted(h for h in commit if 0 in commit[h] and h in prop)
    hs = hs[len(hs) * 4 // 10:]
    keep = set(hs)
    r, vt, q, view, c0 = [], [], [], [], []
    for h in hs:
        t0, _, leader = prop[h]
        r += [t - t0 for t in recv.get(h, {}).values()]
        vt += [t - recv[h][i] for i, t in vote.get(h, {}).items() if i != leader and i in recv.get(h, {})]
        if h + 1 in prop:
            votes = sorted(vote.get(h, {}).values())
            quorum = n - (n - 1) // 3
            if len(votes) >= quorum:
                q.append(prop[h + 1][0] - votes[quorum - 1])
            view.append(prop[h + 1][0] - t0)
        c0.append(commit[h][0] - t0)
    show("leader sends proposal -> replica engine has it", r)
    show("replica has proposal -> replica's vote sent", vt)
    show("quorum-th vote sent -> next proposal sent", q)
    show("proposal(h) -> proposal(h+1) (one view)", view)
    show("proposal(h) -> commit(h) on node 0", c0)
    show("transport -> engine hand-off of proposals", [x for h, x in handoff if h in keep])
    print("blocks", len(hs), "mean messages per block",
          round(statistics.mean(prop[h][1] for h in hs), 1))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
