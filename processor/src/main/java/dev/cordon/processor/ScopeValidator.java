package dev.cordon.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/** Checks that {@code @Model(scope)} is a valid TensorFlow name scope. */
final class ScopeValidator {

  private final Annotations annotations;

  ScopeValidator(Annotations annotations) {
    this.annotations = annotations;
  }

  ValidationReport validate(TypeElement type, AnnotationMirror model) {
    ValidationReport.Builder report = ValidationReport.builder();
    String scope = annotations.string(model, "scope");
    String badSegment = GraphNames.invalidScopeSegment(scope);
    if (scope.isEmpty() || badSegment != null) {
      report.error(
          Messages.scopeInvalid(ElementFormatter.type(type), scope, badSegment),
          type,
          model,
          annotations.value(model, "scope"));
    }
    return report.build();
  }
}
