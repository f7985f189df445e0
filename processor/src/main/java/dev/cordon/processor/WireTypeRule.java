package dev.cordon.processor;

import dev.cordon.processor.CompositionGraph.Wire;

/**
 * {@code WireType}: a wire from an output to an input of another tensor type. Only for the wires
 * that order the members (a self-wire or second feed has its own error); a mismatched wire still
 * orders them, so cycles through it are reported too.
 */
final class WireTypeRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    for (Wire w : graph.edges()) {
      if (w.output().type() != w.input().type()) {
        report.error(
            Messages.wireType(
                ElementFormatter.type(graph.type()),
                w.from(),
                w.output().type().simpleName(),
                w.fromMember().typeName(),
                w.to(),
                w.input().type().simpleName(),
                w.toMember().typeName()),
            graph.type(),
            w.declaration().mirror(),
            w.declaration().to().position());
      }
    }
  }
}
