package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

/**
 * {@code CompositionInput}: a composition declares only labels ({@code @Input(label = true)}) and
 * a {@code @Loss} of its own; its inputs come from its members.
 */
final class CompositionInputRule implements CompositionRule {

  private final Annotations annotations;

  CompositionInputRule(Annotations annotations) {
    this.annotations = annotations;
  }

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    for (ModelMember m : graph.own()) {
      switch (m.kind()) {
        case INPUT -> {
          if (!annotations.bool(m.annotation(), "label")) {
            report.error(Messages.compositionInput(method(m.method())), m.method(), m.annotation());
          }
        }
        case LOSS -> {}
        default -> report.error(
            Messages.compositionOwnMember(method(m.method()), m.kind().display()),
            m.method(),
            m.annotation());
      }
    }
  }
}
