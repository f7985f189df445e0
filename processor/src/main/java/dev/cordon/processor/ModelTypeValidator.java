package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.type;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Checks that the generated class can extend (or implement) the {@code @Model} type: an abstract
 * class or interface that is not final, sealed, private, inner or generic, with a usable
 * constructor.
 */
final class ModelTypeValidator {

  /** The annotation the type carries, as messages show it: {@code @Model} or {@code @Isolated}. */
  private final String annotation;

  ModelTypeValidator(String annotation) {
    this.annotation = annotation;
  }

  /**
   * Validates {@code type}. A wrong kind of type (enum, record, concrete or final class...) makes
   * every member rule meaningless, so the caller stops after it; see {@link #isFatal}.
   */
  ValidationReport validate(TypeElement type, AnnotationMirror model) {
    ValidationReport.Builder report = ValidationReport.builder();
    String name = type(type);
    if (isFatal(type)) {
      if (type.getModifiers().contains(Modifier.SEALED)) {
        report.error(Messages.modelSealed(annotation, name), type, model);
      } else if (type.getKind() == ElementKind.CLASS
          && type.getModifiers().contains(Modifier.FINAL)) {
        report.error(Messages.modelFinal(annotation, name), type, model);
      } else {
        report.error(Messages.modelKind(annotation, name, describeKind(type)), type, model);
      }
      return report.build();
    }
    TypeElement privateType = firstPrivate(type);
    if (privateType != null) {
      report.error(Messages.modelPrivate(annotation, name, type(privateType)), type, model);
    }
    if (type.getNestingKind() == NestingKind.MEMBER
        && type.getKind() == ElementKind.CLASS
        && !type.getModifiers().contains(Modifier.STATIC)) {
      report.error(Messages.modelInnerClass(annotation, name), type, model);
    }
    if (!type.getTypeParameters().isEmpty()) {
      report.error(Messages.modelGeneric(annotation, name), type, model);
    }
    // A private class's implicit constructor is private too: one mistake, one error.
    if (type.getKind() == ElementKind.CLASS && privateType == null && !hasUsableConstructor(type)) {
      report.error(Messages.modelConstructor(name), type, model);
    }
    return report.build();
  }

  /**
   * True unless {@code type} is an abstract class or an interface that is not sealed (a sealed
   * type permits only the subclasses it names, never the generated one).
   */
  static boolean isFatal(TypeElement type) {
    if (type.getModifiers().contains(Modifier.SEALED)) {
      return true;
    }
    return switch (type.getKind()) {
      case INTERFACE -> false;
      case CLASS -> !type.getModifiers().contains(Modifier.ABSTRACT);
      default -> true;
    };
  }

  private static String describeKind(TypeElement type) {
    return switch (type.getKind()) {
      case ENUM -> "an enum";
      case RECORD -> "a record";
      case ANNOTATION_TYPE -> "an annotation type";
      case CLASS -> "a concrete class";
      default -> "a " + type.getKind().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static TypeElement firstPrivate(TypeElement type) {
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        return t;
      }
    }
    return null;
  }

  private static boolean hasUsableConstructor(TypeElement type) {
    for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (constructor.getParameters().isEmpty()
          && !constructor.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    return false;
  }
}
