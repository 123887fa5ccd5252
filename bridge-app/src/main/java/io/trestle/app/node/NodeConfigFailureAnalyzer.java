package io.trestle.app.node;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link NodeConfigException} into Boot's start-up failure report: the line and the fix.
 */
public final class NodeConfigFailureAnalyzer extends AbstractFailureAnalyzer<NodeConfigException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, NodeConfigException cause) {
    return new FailureAnalysis(cause.getMessage(), cause.fix(), cause);
  }
}
