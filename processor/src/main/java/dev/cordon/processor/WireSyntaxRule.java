package dev.cordon.processor;

import dev.cordon.processor.CompositionGraph.End;
import dev.cordon.processor.CompositionGraph.WireDeclaration;

/** {@code WireSyntax}: a {@code @Wire} end that is not {@code "member.port"}. */
final class WireSyntaxRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    String name = ElementFormatter.type(graph.type());
    for (WireDeclaration d : graph.wireDeclarations()) {
      for (End end : d.ends()) {
        if (end.memberName() == null) {
          report.error(
              Messages.wireSyntax(name, end.attribute(), end.value()),
              graph.type(),
              d.mirror(),
              end.position());
        }
      }
    }
  }
}
