package dev.cordon.processor;

import dev.cordon.processor.CompositionGraph.MemberDeclaration;
import dev.cordon.processor.CompositionGraph.Unresolved;

/**
 * A member whose model or nested composition has errors makes the composition abandon generation
 * silently: the errors are reported on that type itself (or, from a class file, were when its
 * library was compiled), and repeating them here would be a follow-on error.
 */
final class InvalidMemberTypeRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    for (MemberDeclaration d : graph.declarations()) {
      if (d.problem().orElse(null) instanceof Unresolved.InvalidType) {
        report.abandon();
      }
    }
  }
}
