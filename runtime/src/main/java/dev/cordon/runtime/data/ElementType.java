package dev.cordon.runtime.data;

import java.lang.reflect.Array;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/** The element types a dataset holds, each with its Java array and tensor type. */
enum ElementType {
  FLOAT32(float.class, TFloat32.class),
  FLOAT64(double.class, TFloat64.class),
  INT32(int.class, TInt32.class),
  INT64(long.class, TInt64.class),
  BOOL(boolean.class, TBool.class);

  final Class<?> primitive;
  final Class<? extends TType> tensorType;

  ElementType(Class<?> primitive, Class<? extends TType> tensorType) {
    this.primitive = primitive;
    this.tensorType = tensorType;
  }

  static ElementType ofPrimitive(Class<?> c) {
    for (ElementType t : values()) {
      if (t.primitive == c) {
        return t;
      }
    }
    return null;
  }

  static ElementType ofTensor(Tensor t) {
    for (ElementType e : values()) {
      if (e.tensorType.isInstance(t)) {
        return e;
      }
    }
    return null;
  }

  Object newArray(int length) {
    return Array.newInstance(primitive, length);
  }

  /** A tensor of {@code shape} holding the first {@code shape.size()} elements of {@code flat}. */
  Tensor tensor(Shape shape, Object flat) {
    int n = (int) shape.size();
    switch (this) {
      case FLOAT32:
        return TFloat32.tensorOf(shape, DataBuffers.of((float[]) flat, true, false).narrow(n));
      case FLOAT64:
        return TFloat64.tensorOf(shape, DataBuffers.of((double[]) flat, true, false).narrow(n));
      case INT32:
        return TInt32.tensorOf(shape, DataBuffers.of((int[]) flat, true, false).narrow(n));
      case INT64:
        return TInt64.tensorOf(shape, DataBuffers.of((long[]) flat, true, false).narrow(n));
      case BOOL:
        return TBool.tensorOf(shape, DataBuffers.of((boolean[]) flat, true, false).narrow(n));
      default:
        throw new AssertionError(this);
    }
  }

  /** The elements of {@code t}, flattened. */
  Object copyOf(Tensor t) {
    int n = (int) t.shape().size();
    Object out = newArray(n);
    switch (this) {
      case FLOAT32:
        ((TFloat32) t).copyTo(DataBuffers.of((float[]) out, false, false));
        break;
      case FLOAT64:
        ((TFloat64) t).copyTo(DataBuffers.of((double[]) out, false, false));
        break;
      case INT32:
        ((TInt32) t).copyTo(DataBuffers.of((int[]) out, false, false));
        break;
      case INT64:
        ((TInt64) t).copyTo(DataBuffers.of((long[]) out, false, false));
        break;
      case BOOL:
        ((TBool) t).copyTo(DataBuffers.of((boolean[]) out, false, false));
        break;
      default:
        throw new AssertionError(this);
    }
    return out;
  }

  String tensorName() {
    return tensorType.getSimpleName();
  }
}
