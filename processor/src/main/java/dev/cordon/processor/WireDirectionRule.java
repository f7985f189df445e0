package dev.cordon.processor;

import dev.cordon.processor.CompositionGraph.End;
import dev.cordon.processor.CompositionGraph.Member;
import dev.cordon.processor.CompositionGraph.WireDeclaration;

/**
 * {@code WireDirection}: a {@code @Wire} goes from an input or to an output of a member: the port
 * exists, the other way round.
 */
final class WireDirectionRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    String name = ElementFormatter.type(graph.type());
    for (WireDeclaration d : graph.wireDeclarations()) {
      for (End end : d.ends()) {
        if (end.member().isPresent() && end.port().isEmpty() && isReversed(end)) {
          report.error(
              Messages.wireDirection(
                  name,
                  end.attribute(),
                  end.value(),
                  end.member().get().typeName(),
                  end.portName()),
              graph.type(),
              d.mirror(),
              end.position());
        }
      }
    }
  }

  /** Whether the member has the port, in the other direction. */
  static boolean isReversed(End end) {
    Member member = end.member().orElseThrow();
    return (end.isFrom() ? member.input(end.portName()) : member.output(end.portName()))
        .isPresent();
  }
}
