package io.trestle.consensus.driver;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * JFR events of the consensus phases, emitted by the driver's owner thread as it executes the
 * engine's actions (open a recording in JDK Mission Control, category "Trestle/Consensus").
 */
final class ConsensusEvents {
  private ConsensusEvents() {}

  @Name("trestle.consensus.Proposal")
  @Label("Proposal sent")
  @Category({"Trestle", "Consensus"})
  static final class Proposal extends Event {
    @Label("View")
    long view;

    @Label("Height")
    long height;

    @Label("Messages")
    int messages;
  }

  @Name("trestle.consensus.ProposalReceived")
  @Label("Proposal received")
  @Category({"Trestle", "Consensus"})
  static final class ProposalReceived extends Event {
    @Label("View")
    long view;

    @Label("Height")
    long height;

    @Label("Messages")
    int messages;

    @Label("Transport to engine")
    @Timespan(Timespan.MICROSECONDS)
    long handOffUs;
  }

  @Name("trestle.consensus.Vote")
  @Label("Vote sent")
  @Category({"Trestle", "Consensus"})
  static final class Vote extends Event {
    @Label("View")
    long view;

    @Label("Height")
    long height;
  }

  @Name("trestle.consensus.QcFormed")
  @Label("QC formed")
  @Category({"Trestle", "Consensus"})
  static final class QcFormed extends Event {
    @Label("View")
    long view;

    @Label("Height")
    long height;
  }

  @Name("trestle.consensus.Commit")
  @Label("Block committed")
  @Category({"Trestle", "Consensus"})
  static final class Commit extends Event {
    @Label("View")
    long view;

    @Label("Height")
    long height;

    @Label("Messages")
    int messages;

    @Label("Latency since this node sent or received the proposal")
    @Timespan(Timespan.MILLISECONDS)
    long latencyMs;
  }

  @Name("trestle.consensus.Timeout")
  @Label("View timed out")
  @Category({"Trestle", "Consensus"})
  static final class Timeout extends Event {
    @Label("View")
    long view;

    @Label("High QC view")
    long highQcView;
  }

  @Name("trestle.consensus.ViewChange")
  @Label("View change")
  @Category({"Trestle", "Consensus"})
  static final class ViewChange extends Event {
    @Label("From view")
    long fromView;

    @Label("To view")
    long toView;

    @Label("Time in previous view")
    @Timespan(Timespan.MILLISECONDS)
    long latencyMs;
  }
}
