package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import dev.cordon.processor.CompositionGraph.MemberDeclaration;
import dev.cordon.processor.CompositionGraph.Unresolved;

/**
 * {@code NestedComposition}: a member returns a composition that contains this one, directly or
 * through its own nested members, so building it would never end.
 */
final class NestedCompositionRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    for (MemberDeclaration d : graph.declarations()) {
      if (d.problem().orElse(null) instanceof Unresolved.NestingCycle cycle) {
        report.error(
            Messages.nestedCompositionCycle(
                method(d.method()),
                ElementFormatter.type(cycle.nested()),
                method(d.method()) + " -> " + String.join(" -> ", cycle.chain())),
            d.method(),
            d.isolated());
      }
    }
  }
}
