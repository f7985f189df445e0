package dev.cordon.processor;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.TypeName;
import java.util.Optional;

/**
 * The concrete TensorFlow types a member may carry, and how each maps to Java arrays for the
 * generated array overloads (absent where TensorArrays offers no conversion: TUint16).
 */
enum TensorType {
  // TFloat16 and TBfloat16 are FloatNdArrays: float[] in and out, converted to and from 16 bits
  // by TensorFlow, under names of their own since TensorArrays.of(float[]) makes a TFloat32.
  TFLOAT16("TFloat16", TypeName.FLOAT, "float16s", "float16Of"),
  TBFLOAT16("TBfloat16", TypeName.FLOAT, "bfloat16s", "bfloat16Of"),
  TFLOAT32("TFloat32", TypeName.FLOAT, "floats", "of"),
  TFLOAT64("TFloat64", TypeName.DOUBLE, "doubles", "of"),
  TINT32("TInt32", TypeName.INT, "ints", "of"),
  TINT64("TInt64", TypeName.LONG, "longs", "of"),
  // The bytes as Java reads them: 0..127 as themselves, 128..255 as -128..-1.
  TUINT8("TUint8", TypeName.BYTE, "bytes", "of"),
  TUINT16("TUint16", null, null, null),
  TBOOL("TBool", TypeName.BOOLEAN, "booleans", "of"),
  // UTF-8 strings; byte strings that are not UTF-8 need the tensor overload.
  TSTRING("TString", ClassName.get(String.class), "strings", "of");

  static final String PACKAGE = "org.tensorflow.types";

  private final String simpleName;
  private final TypeName element;
  private final String converterPrefix;
  private final String factory;

  TensorType(String simpleName, TypeName element, String converterPrefix, String factory) {
    this.simpleName = simpleName;
    this.element = element;
    this.converterPrefix = converterPrefix;
    this.factory = factory;
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

  /** Whether the Java form of a scalar is a primitive, which cannot be null. */
  boolean primitive() {
    return element != null && element.isPrimitive();
  }

  /**
   * The TensorArrays converter to Java arrays of the given rank, e.g. {@code floats2d}; for a
   * scalar (rank 0), to the element itself, e.g. {@code floatValue}.
   */
  String converter(int rank) {
    if (rank == 0) {
      return converterPrefix.substring(0, converterPrefix.length() - 1) + "Value";
    }
    return converterPrefix + rank + "d";
  }

  /** The TensorArrays method making a tensor of this type from a Java array: {@code of}, ... */
  String factory() {
    return factory;
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
