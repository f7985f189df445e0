package dev.cordon.processor;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.TypeName;
import java.util.Optional;

/**
 * The concrete TensorFlow types a member may carry, and how each maps to Java arrays for the
 * generated array overloads (absent where TensorArrays offers no conversion).
 */
enum TensorType {
  TFLOAT16("TFloat16", null, null),
  TBFLOAT16("TBfloat16", null, null),
  TFLOAT32("TFloat32", TypeName.FLOAT, "floats"),
  TFLOAT64("TFloat64", TypeName.DOUBLE, "doubles"),
  TINT32("TInt32", TypeName.INT, "ints"),
  TINT64("TInt64", TypeName.LONG, "longs"),
  TUINT8("TUint8", null, null),
  TUINT16("TUint16", null, null),
  TBOOL("TBool", TypeName.BOOLEAN, "booleans"),
  TSTRING("TString", null, null);

  static final String PACKAGE = "org.tensorflow.types";

  private final String simpleName;
  private final TypeName element;
  private final String converterPrefix;

  TensorType(String simpleName, TypeName element, String converterPrefix) {
    this.simpleName = simpleName;
    this.element = element;
    this.converterPrefix = converterPrefix;
  }

  String simpleName() {
    return simpleName;
  }

  ClassName className() {
    return ClassName.get(PACKAGE, simpleName);
  }

  /** The Java array element type, e.g. {@code float} for TFloat32. */
  Optional<TypeName> arrayElement() {
    return Optional.ofNullable(element);
  }

  /** The TensorArrays converter to Java arrays of the given rank, e.g. {@code floats2d}. */
  String converter(int rank) {
    return converterPrefix + rank + "d";
  }

  static Optional<TensorType> ofQualifiedName(String qualifiedName) {
    for (TensorType type : values()) {
      if ((PACKAGE + "." + type.simpleName).equals(qualifiedName)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
