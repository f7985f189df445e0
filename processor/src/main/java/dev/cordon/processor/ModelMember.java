package dev.cordon.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * A method of a {@code @Model} type carrying one member annotation, with that annotation. Methods
 * carrying two are reported by {@link MemberValidator} and never become members.
 */
record ModelMember(ExecutableElement method, MemberKind kind, AnnotationMirror annotation) {

  String methodName() {
    return method.getSimpleName().toString();
  }

  /** The member annotations of {@code method}, in source order. */
  static List<AnnotationMirror> memberAnnotations(ExecutableElement method) {
    List<AnnotationMirror> result = new ArrayList<>();
    for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
      if (MemberKind.of(mirror).isPresent()) {
        result.add(mirror);
      }
    }
    return result;
  }

  /** The member declared by {@code method}, if it carries exactly one member annotation. */
  static Optional<ModelMember> of(ExecutableElement method) {
    List<AnnotationMirror> annotations = memberAnnotations(method);
    if (annotations.size() != 1) {
      return Optional.empty();
    }
    AnnotationMirror mirror = annotations.get(0);
    return Optional.of(new ModelMember(method, MemberKind.of(mirror).orElseThrow(), mirror));
  }

  /** Every member declared by {@code type}, in declaration order. */
  static List<ModelMember> allOf(TypeElement type) {
    List<ModelMember> members = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      of(method).ifPresent(members::add);
    }
    return List.copyOf(members);
  }
}
