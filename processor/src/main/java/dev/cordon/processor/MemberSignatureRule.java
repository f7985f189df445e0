package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import dev.cordon.processor.CompositionGraph.MemberDeclaration;
import dev.cordon.processor.CompositionGraph.Unresolved;

/**
 * {@code MemberSignature}: a member returns a model or composition but is not an abstract method
 * without (type) parameters, so the generated class cannot build and return it.
 */
final class MemberSignatureRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    for (MemberDeclaration d : graph.declarations()) {
      if (d.problem().orElse(null) instanceof Unresolved.Signature signature) {
        report.error(
            Messages.memberSignature(method(d.method()), signature.why()),
            d.method(),
            d.isolated());
      }
    }
  }
}
