package dev.cordon.processor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Reads Cordon's annotations from their mirrors, never through reflection (the processor must not
 * load user classes). A value of an unexpected kind means javac has already reported the source
 * as broken; reading it throws {@link Malformed}, and the processor skips the model silently.
 */
final class Annotations {

  /** Thrown for an annotation value javac could not attribute; javac reports the error itself. */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String what) {
      super(what, null, false, false);
    }
  }

  private final Elements elements;

  Annotations(Elements elements) {
    this.elements = elements;
  }

  static Optional<AnnotationMirror> find(Element element, String qualifiedName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(qualifiedName)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  /** The value of {@code attribute}, with the annotation's default when not written. */
  AnnotationValue value(AnnotationMirror mirror, String attribute) {
    Map<? extends ExecutableElement, ? extends AnnotationValue> values =
        elements.getElementValuesWithDefaults(mirror);
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : values.entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(attribute)) {
        return e.getValue();
      }
    }
    throw new Malformed("no attribute " + attribute);
  }

  /** The value of {@code attribute} only if written in source, for precise positions. */
  static AnnotationValue explicitValue(AnnotationMirror mirror, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(attribute)) {
        return e.getValue();
      }
    }
    return null;
  }

  String string(AnnotationMirror mirror, String attribute) {
    AnnotationValue value = value(mirror, attribute);
    // javac gives an unresolvable constant (scope = MISSING) as the string "<error>"; a real
    // string constant prints quoted.
    if (value.getValue() instanceof String s && value.toString().startsWith("\"")) {
      return s;
    }
    throw new Malformed(attribute);
  }

  boolean bool(AnnotationMirror mirror, String attribute) {
    if (value(mirror, attribute).getValue() instanceof Boolean b) {
      return b;
    }
    throw new Malformed(attribute);
  }

  /** The simple name of an enum constant value, e.g. {@code GLOROT_UNIFORM}. */
  String enumConstant(AnnotationMirror mirror, String attribute) {
    if (value(mirror, attribute).getValue() instanceof VariableElement constant) {
      return constant.getSimpleName().toString();
    }
    throw new Malformed(attribute);
  }

  List<String> strings(AnnotationMirror mirror, String attribute) {
    if (!(value(mirror, attribute).getValue() instanceof List<?> list)) {
      throw new Malformed(attribute);
    }
    List<String> result = new java.util.ArrayList<>();
    for (Object item : list) {
      if (item instanceof AnnotationValue v && v.getValue() instanceof String s) {
        result.add(s);
      } else {
        throw new Malformed(attribute);
      }
    }
    return List.copyOf(result);
  }

  long[] longs(AnnotationMirror mirror, String attribute) {
    if (!(value(mirror, attribute).getValue() instanceof List<?> list)) {
      throw new Malformed(attribute);
    }
    long[] result = new long[list.size()];
    for (int i = 0; i < result.length; i++) {
      if (list.get(i) instanceof AnnotationValue v && v.getValue() instanceof Number n) {
        result[i] = n.longValue();
      } else {
        throw new Malformed(attribute);
      }
    }
    return result;
  }
}
