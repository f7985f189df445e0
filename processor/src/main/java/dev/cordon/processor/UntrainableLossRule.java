package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import dev.cordon.processor.CompositionGraph.Member;
import dev.cordon.processor.CompositionGraph.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code UntrainableLoss} (a warning): the composition's loss can train no variable, because no
 * member is at SCOPE (the wires then cut its gradients), or because its SCOPE members are nested
 * compositions with no model at SCOPE inside.
 */
final class UntrainableLossRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    Optional<ModelMember> loss = graph.loss();
    if (loss.isEmpty()) {
      return;
    }
    List<Member> members = graph.members();
    List<String> emptyScopeMembers =
        members.stream()
            .filter(m -> m.level().equals(Member.SCOPE) && !m.hasScopeModel())
            .map(Member::name)
            .toList();
    if (!emptyScopeMembers.isEmpty() && members.stream().noneMatch(Member::trainable)) {
      report.warning(
          Messages.untrainableNestedLoss(
              method(loss.get().method()), String.join(", ", emptyScopeMembers)),
          loss.get().method(),
          loss.get().annotation(),
          null);
    } else if (!members.isEmpty()
        && members.stream().noneMatch(m -> m.level().equals(Member.SCOPE))) {
      List<String> cuts = new ArrayList<>();
      for (Wire w : graph.edges()) {
        String level = w.fromMember().isGraph() || w.toMember().isGraph() ? "GRAPH" : "BOUNDARY";
        cuts.add(w.from() + " -> " + w.to() + " (" + level + ")");
      }
      report.warning(
          Messages.untrainableLoss(method(loss.get().method()), String.join(", ", cuts)),
          loss.get().method(),
          loss.get().annotation(),
          null);
    }
  }
}
