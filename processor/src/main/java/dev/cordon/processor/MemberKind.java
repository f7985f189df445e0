package dev.cordon.processor;

import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/** The four member annotations of a {@code @Model}, known by their qualified names. */
enum MemberKind {
  INPUT("dev.cordon.Input"),
  VARIABLE("dev.cordon.Variable"),
  OUTPUT("dev.cordon.Output"),
  LOSS("dev.cordon.Loss");

  private final String annotationName;

  MemberKind(String annotationName) {
    this.annotationName = annotationName;
  }

  /** The annotation as written in source and messages, e.g. {@code @Input}. */
  String display() {
    return "@" + annotationName.substring(annotationName.lastIndexOf('.') + 1);
  }

  /** True for members the generated class backs with a tensor: inputs and variables. */
  boolean isAbstractMember() {
    return this == INPUT || this == VARIABLE;
  }

  static Optional<MemberKind> of(AnnotationMirror mirror) {
    String name =
        ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
    for (MemberKind kind : values()) {
      if (kind.annotationName.equals(name)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
