package dev.cordon.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;

/**
 * Reports fields and method signatures of a {@code @Model} that mention another {@code @Model}
 * type, anywhere in the type (also as a type argument): a model that holds another model can
 * reach into its variables, which composition through {@code @Isolated} forbids.
 */
final class ModelReferenceValidator {

  ValidationReport validate(TypeElement type) {
    ValidationReport.Builder report = ValidationReport.builder();
    for (Element member : type.getEnclosedElements()) {
      List<TypeMirror> mentioned = new ArrayList<>();
      if (member instanceof VariableElement field) {
        mentioned.add(field.asType());
      } else if (member instanceof ExecutableElement method) {
        mentioned.add(method.getReturnType());
        method.getParameters().forEach(p -> mentioned.add(p.asType()));
      } else {
        continue;
      }
      for (TypeMirror t : mentioned) {
        Optional<TypeElement> other = findModel(t, type, new HashSet<>());
        if (other.isPresent()) {
          AnnotationMirror annotation =
              member instanceof ExecutableElement m
                  ? ModelMember.memberAnnotations(m).stream().findFirst().orElse(null)
                  : null;
          report.error(
              Messages.modelReference(
                  ElementFormatter.element(member), ElementFormatter.type(other.get())),
              member,
              annotation);
          break;
        }
      }
    }
    return report.build();
  }

  /** The first @Model type other than {@code self} that {@code type} mentions. */
  private static Optional<TypeElement> findModel(
      TypeMirror type, TypeElement self, Set<TypeMirror> visiting) {
    if (!visiting.add(type)) {
      return Optional.empty();
    }
    switch (type.getKind()) {
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) type;
        TypeElement element = (TypeElement) declared.asElement();
        if (!element.equals(self) && Annotations.find(element, TypeNames.MODEL).isPresent()) {
          return Optional.of(element);
        }
        for (TypeMirror argument : declared.getTypeArguments()) {
          Optional<TypeElement> found = findModel(argument, self, visiting);
          if (found.isPresent()) {
            return found;
          }
        }
      }
      case ARRAY -> {
        return findModel(((ArrayType) type).getComponentType(), self, visiting);
      }
      case WILDCARD -> {
        WildcardType wildcard = (WildcardType) type;
        for (TypeMirror bound : new TypeMirror[] {wildcard.getExtendsBound(), wildcard.getSuperBound()}) {
          if (bound != null) {
            Optional<TypeElement> found = findModel(bound, self, visiting);
            if (found.isPresent()) {
              return found;
            }
          }
        }
      }
      case TYPEVAR -> {
        return findModel(((TypeVariable) type).getUpperBound(), self, visiting);
      }
      default -> {}
    }
    return Optional.empty();
  }
}
