package dev.cordon.internal;

import org.tensorflow.ndarray.Shape;

/** Static shape comparisons and formatting for messages. */
public final class Shapes {
  private Shapes() {}

  /**
   * Whether a value of shape {@code actual} may stand where {@code declared} is expected: same
   * rank, and every dimension known on both sides equal. An unknown rank matches anything.
   */
  public static boolean compatible(Shape declared, Shape actual) {
    if (declared.isUnknown() || actual.isUnknown()) {
      return true;
    }
    if (declared.numDimensions() != actual.numDimensions()) {
      return false;
    }
    for (int i = 0; i < declared.numDimensions(); i++) {
      long d = declared.get(i);
      long a = actual.get(i);
      if (d >= 0 && a >= 0 && d != a) {
        return false;
      }
    }
    return true;
  }

  /** {@code [-1, 784]}, {@code []} for a scalar, {@code <unknown>} for an unknown rank. */
  public static String format(Shape shape) {
    if (shape.isUnknown()) {
      return "<unknown rank>";
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < shape.numDimensions(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(shape.get(i));
    }
    return sb.append(']').toString();
  }
}
