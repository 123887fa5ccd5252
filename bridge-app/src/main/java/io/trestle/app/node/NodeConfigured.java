package io.trestle.app.node;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when a relayer node is configured: {@code trestle.node.config-file} or {@code
 * trestle.node.identity-key} is set.
 */
public final class NodeConfigured implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    var env = context.getEnvironment();
    return env.containsProperty("trestle.node.config-file")
        || env.containsProperty("trestle.node.identity-key");
  }
}
