package dev.cordon.processor;

import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Recognises the TensorFlow and runtime types of member signatures by qualified name. */
final class TypeNames {

  static final String OPERAND = "org.tensorflow.Operand";
  static final String OPS = "org.tensorflow.op.Ops";
  static final String LAYERS = "dev.cordon.runtime.Layers";
  static final String MODEL = "dev.cordon.Model";
  static final String SAVED_MODEL = "dev.cordon.SavedModel";
  static final String ISOLATED = "dev.cordon.Isolated";
  static final String WIRE = "dev.cordon.Wire";
  static final String WIRES = "dev.cordon.Wires";

  private TypeNames() {}

  /** The qualified name of a declared type, or empty for primitives, arrays and the like. */
  static Optional<String> qualifiedName(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    return Optional.of(element.getQualifiedName().toString());
  }

  static boolean is(TypeMirror type, String qualifiedName) {
    return qualifiedName(type).filter(qualifiedName::equals).isPresent();
  }

  /** {@code T} when {@code type} is {@code Operand<T>} for a concrete TensorFlow type T. */
  static Optional<TensorType> operandType(TypeMirror type) {
    if (!is(type, OPERAND)) {
      return Optional.empty();
    }
    var arguments = ((DeclaredType) type).getTypeArguments();
    if (arguments.size() != 1) {
      return Optional.empty();
    }
    return qualifiedName(arguments.get(0)).flatMap(TensorType::ofQualifiedName);
  }
}
