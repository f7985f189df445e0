package dev.cordon.processor;

import dev.cordon.processor.CompositionGraph.Wire;
import java.util.Optional;

/** {@code InputFedTwice}: a second {@code @Wire} into an input that a wire feeds already. */
final class InputFedTwiceRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    for (Wire w : graph.wires()) {
      Optional<Wire> first = graph.earlierFeed(w);
      if (!w.isSelf() && first.isPresent()) {
        report.error(
            Messages.inputFedTwice(ElementFormatter.type(graph.type()), w.to(), first.get().from()),
            graph.type(),
            w.declaration().mirror(),
            w.declaration().to().position());
      }
    }
  }
}
