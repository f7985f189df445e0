package dev.cordon.processor;

/**
 * The composition's own labels and loss follow the rules of a model's {@code @Input} and {@code
 * @Loss} ({@link MemberValidator}): the generated class implements them the same way.
 */
final class OwnLabelsAndLossRule implements CompositionRule {

  private final Annotations annotations;
  private final MemberValidator memberValidator;

  OwnLabelsAndLossRule(Annotations annotations, MemberValidator memberValidator) {
    this.annotations = annotations;
    this.memberValidator = memberValidator;
  }

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    for (ModelMember m : graph.own()) {
      switch (m.kind()) {
        case INPUT -> {
          if (annotations.bool(m.annotation(), "label")) {
            memberValidator.validateBackedMember(m, report);
          }
        }
        case LOSS -> memberValidator.validateComputedMember(m, report);
        default -> {}
      }
    }
  }
}
