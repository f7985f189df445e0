package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import dev.cordon.processor.CompositionGraph.MemberDeclaration;
import dev.cordon.processor.CompositionGraph.Unresolved;

/**
 * {@code ScopeInvalid}: an {@code @Isolated(scope)}, on the composition or on a member, that is
 * not a valid TensorFlow name scope. A member with one is not resolved.
 */
final class ScopeInvalidRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    String scope = graph.explicitScope();
    String segment = scope.isEmpty() ? null : GraphNames.invalidScopeSegment(scope);
    if (segment != null) {
      report.error(
          Messages.isolatedScopeInvalid(ElementFormatter.type(graph.type()), scope, segment),
          graph.type(),
          graph.isolated(),
          graph.scopeValue());
    }
    for (MemberDeclaration d : graph.declarations()) {
      if (d.problem().orElse(null) instanceof Unresolved.InvalidScope invalid) {
        report.error(
            Messages.isolatedScopeInvalid(method(d.method()), invalid.scope(), invalid.segment()),
            d.method(),
            d.isolated(),
            invalid.value());
      }
    }
  }
}
