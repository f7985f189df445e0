package dev.cordon.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A valid member of an {@code @Isolated} composition: an abstract, no-argument method returning a
 * {@code @Model} type (from source or from a class file), with that model read as a descriptor.
 *
 * @param isolated the member's own {@code @Isolated}, or null
 * @param level the name of its {@code Isolation} constant: its own, else the composition's
 * @param scope its own {@code @Isolated(scope)} if set, else the model's {@code @Model(scope)}
 */
record CompositionMember(
    ExecutableElement method,
    TypeElement modelType,
    ModelDescriptor model,
    AnnotationMirror isolated,
    String level,
    String scope) {

  static final String SCOPE = "SCOPE";
  static final String GRAPH = "GRAPH";

  String name() {
    return method.getSimpleName().toString();
  }

  /** The model's name in messages: its canonical name, since it may live in another library. */
  String modelName() {
    return modelType.getQualifiedName().toString();
  }

  boolean isGraph() {
    return level.equals(GRAPH);
  }
}
