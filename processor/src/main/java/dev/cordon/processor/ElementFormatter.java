package dev.cordon.processor;

import static java.util.stream.Collectors.joining;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * Names elements and types in messages the same way on every compiler, instead of relying on
 * {@code toString()}: types by their simple (nested) names, methods as {@code Type.name(Params)}.
 */
final class ElementFormatter {

  private ElementFormatter() {}

  /** {@code Outer.Inner} for a nested type, {@code Foo} for a top-level one. */
  static String type(TypeElement type) {
    StringBuilder name = new StringBuilder(type.getSimpleName());
    for (Element e = type.getEnclosingElement();
        e != null && (e.getKind().isClass() || e.getKind().isInterface());
        e = e.getEnclosingElement()) {
      name.insert(0, e.getSimpleName() + ".");
    }
    return name.toString();
  }

  /** {@code Foo.logits(Ops, Layers)}. */
  static String method(ExecutableElement method) {
    String owner = type((TypeElement) method.getEnclosingElement());
    String params =
        method.getParameters().stream().map(p -> type(p.asType())).collect(joining(", "));
    return owner + "." + method.getSimpleName() + "(" + params + ")";
  }

  /** A method, field or type, whichever {@code element} is. */
  static String element(Element element) {
    if (element instanceof ExecutableElement method) {
      return method(method);
    }
    if (element instanceof TypeElement type) {
      return type(type);
    }
    if (element.getKind() == ElementKind.FIELD) {
      return type((TypeElement) element.getEnclosingElement()) + "." + element.getSimpleName();
    }
    return element.getSimpleName().toString();
  }

  /** A type as written in source with simple names, e.g. {@code Operand<TFloat32>}. */
  static String type(TypeMirror type) {
    switch (type.getKind()) {
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) type;
        String name = type((TypeElement) declared.asElement());
        if (declared.getTypeArguments().isEmpty()) {
          return name;
        }
        return name
            + declared.getTypeArguments().stream()
                .map(ElementFormatter::type)
                .collect(joining(", ", "<", ">"));
      }
      case ARRAY -> {
        return type(((ArrayType) type).getComponentType()) + "[]";
      }
      case WILDCARD -> {
        WildcardType wildcard = (WildcardType) type;
        if (wildcard.getExtendsBound() != null) {
          return "? extends " + type(wildcard.getExtendsBound());
        }
        if (wildcard.getSuperBound() != null) {
          return "? super " + type(wildcard.getSuperBound());
        }
        return "?";
      }
      default -> {
        // Primitives, type variables and void read the same on every compiler.
        return type.toString();
      }
    }
  }

  /** A shape as written in the annotation: {@code {784, -1}}. */
  static String shape(long[] shape) {
    StringBuilder s = new StringBuilder("{");
    for (int i = 0; i < shape.length; i++) {
      s.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return s.append('}').toString();
  }
}
