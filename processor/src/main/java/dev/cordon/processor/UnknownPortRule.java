package dev.cordon.processor;

import dev.cordon.processor.CompositionGraph.End;
import dev.cordon.processor.CompositionGraph.Member;
import dev.cordon.processor.CompositionGraph.MemberPort;
import dev.cordon.processor.CompositionGraph.WireDeclaration;
import java.util.List;

/**
 * {@code UnknownPort}: a {@code @Wire} end names a member but none of its ports, with a "did you
 * mean" among its outputs (from) or inputs (to).
 */
final class UnknownPortRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    String name = ElementFormatter.type(graph.type());
    for (WireDeclaration d : graph.wireDeclarations()) {
      for (End end : d.ends()) {
        if (end.member().isEmpty() || end.port().isPresent() || WireDirectionRule.isReversed(end)) {
          continue;
        }
        Member member = end.member().get();
        List<String> known =
            (end.isFrom() ? member.outputs() : member.inputs())
                .stream().map(MemberPort::name).toList();
        report.error(
            Messages.unknownPort(
                name,
                end.attribute(),
                end.value(),
                end.memberName(),
                member.typeName(),
                end.portName(),
                DidYouMean.hint(end.portName(), known, end.isFrom() ? "outputs" : "inputs")),
            graph.type(),
            d.mirror(),
            end.position());
      }
    }
  }
}
