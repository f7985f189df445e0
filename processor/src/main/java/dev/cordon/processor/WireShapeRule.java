package dev.cordon.processor;

import dev.cordon.processor.CompositionGraph.Wire;
import java.util.List;

/**
 * {@code WireShape}: a wire between ports of one tensor type whose static shapes cannot match:
 * another rank, or two known dimensions that differ ({@code -1} matches anything).
 */
final class WireShapeRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    for (Wire w : graph.edges()) {
      if (w.output().type() == w.input().type()
          && !shapesMayMatch(w.output().shape(), w.input().shape())) {
        report.error(
            Messages.wireShape(
                ElementFormatter.type(graph.type()),
                w.from(),
                w.output().shape().toString(),
                w.fromMember().typeName(),
                w.to(),
                w.input().shape().toString(),
                w.toMember().typeName()),
            graph.type(),
            w.declaration().mirror(),
            w.declaration().to().position());
      }
    }
  }

  /** False when the ranks differ or two known dimensions differ; -1 matches anything. */
  static boolean shapesMayMatch(List<Long> output, List<Long> input) {
    if (output.size() != input.size()) {
      return false;
    }
    for (int i = 0; i < output.size(); i++) {
      long a = output.get(i);
      long b = input.get(i);
      if (a != -1 && b != -1 && a != b) {
        return false;
      }
    }
    return true;
  }
}
