package dev.cordon.processor;

import dev.cordon.processor.CompositionGraph.End;
import dev.cordon.processor.CompositionGraph.MemberDeclaration;
import dev.cordon.processor.CompositionGraph.WireDeclaration;

/**
 * {@code UnknownMember}: a {@code @Wire} end names no member, with a "did you mean". An end
 * naming a member that did not resolve is left alone: that member has its error already.
 */
final class UnknownMemberRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    String name = ElementFormatter.type(graph.type());
    for (WireDeclaration d : graph.wireDeclarations()) {
      for (End end : d.ends()) {
        if (end.memberName() != null && !graph.declaresMember(end.memberName())) {
          report.error(
              Messages.unknownMember(
                  name,
                  end.attribute(),
                  end.value(),
                  end.memberName(),
                  DidYouMean.hint(
                      end.memberName(),
                      graph.declarations().stream().map(MemberDeclaration::name).toList(),
                      "members")),
              graph.type(),
              d.mirror(),
              end.position());
        }
      }
    }
  }
}
