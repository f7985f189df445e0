package dev.cordon.processor;

import dev.cordon.processor.CompositionGraph.Wire;

/** {@code SelfWire}: a {@code @Wire} from a member to itself, which no build order can satisfy. */
final class SelfWireRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    for (Wire w : graph.wires()) {
      if (w.isSelf()) {
        report.error(
            Messages.selfWire(
                ElementFormatter.type(graph.type()),
                w.declaration().from().value(),
                w.declaration().to().value()),
            graph.type(),
            w.declaration().mirror(),
            w.declaration().from().position());
      }
    }
  }
}
