package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import javax.lang.model.element.ExecutableElement;

/**
 * {@code IsolatedMember}: {@code @Isolated} on a method of a composition that is not a member: one
 * of its own labels or its loss, or a helper method.
 */
final class IsolatedMemberRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    for (ModelMember own : graph.own()) {
      reportIsolated(own.method(), report);
    }
    for (ExecutableElement helper : graph.helpers()) {
      reportIsolated(helper, report);
    }
  }

  private static void reportIsolated(ExecutableElement method, ValidationReport.Builder report) {
    Annotations.find(method, TypeNames.ISOLATED)
        .ifPresent(i -> report.error(Messages.isolatedMember(method(method)), method, i));
  }
}
