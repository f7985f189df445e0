package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import dev.cordon.processor.CompositionGraph.MemberDeclaration;
import dev.cordon.processor.CompositionGraph.Unresolved;

/**
 * {@code NotAModel}: an abstract method of a composition returns neither a {@code @Model} nor an
 * {@code @Isolated} type, so it cannot be a member.
 */
final class NotAModelRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    for (MemberDeclaration d : graph.declarations()) {
      if (d.problem().orElse(null) instanceof Unresolved.NotAModel) {
        report.error(
            Messages.notAModel(
                method(d.method()), ElementFormatter.type(d.method().getReturnType())),
            d.method(),
            d.isolated());
      }
    }
  }
}
