package dev.cordon.runtime;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DoubleDataBuffer;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.ndarray.buffer.IntDataBuffer;
import org.tensorflow.ndarray.buffer.LongDataBuffer;

/**
 * Copies a rectangular Java array of rank 2 to 4 into a tensor's buffer (and a rank-2 tensor's
 * buffer into a Java array), one bulk copy per
 * innermost row, in row-major order: {@code StdArrays.ndCopyOf} would first build a heap copy of
 * the whole array, and {@code StdArrays.copyTo} makes an ndarray view per row, which cost more than
 * the copy itself for a batch of records (TensorArrays.of on 64 rows of 784 floats: about 70 µs
 * through ndCopyOf, 13 µs this way). The array is checked to be rectangular before.
 */
final class Rows {
  private Rows() {}

  static long write(FloatDataBuffer dst, Object array) {
    return write(dst, array, 0);
  }

  static long write(DoubleDataBuffer dst, Object array) {
    return write(dst, array, 0);
  }

  static long write(IntDataBuffer dst, Object array) {
    return write(dst, array, 0);
  }

  static long write(LongDataBuffer dst, Object array) {
    return write(dst, array, 0);
  }

  private static long write(FloatDataBuffer dst, Object array, long at) {
    if (array instanceof float[] row) {
      if (row.length > 0) {
        dst.offset(at).write(row);
      }
      return at + row.length;
    }
    for (Object sub : (Object[]) array) {
      at = write(dst, sub, at);
    }
    return at;
  }

  private static long write(DoubleDataBuffer dst, Object array, long at) {
    if (array instanceof double[] row) {
      if (row.length > 0) {
        dst.offset(at).write(row);
      }
      return at + row.length;
    }
    for (Object sub : (Object[]) array) {
      at = write(dst, sub, at);
    }
    return at;
  }

  private static long write(IntDataBuffer dst, Object array, long at) {
    if (array instanceof int[] row) {
      if (row.length > 0) {
        dst.offset(at).write(row);
      }
      return at + row.length;
    }
    for (Object sub : (Object[]) array) {
      at = write(dst, sub, at);
    }
    return at;
  }

  private static long write(LongDataBuffer dst, Object array, long at) {
    if (array instanceof long[] row) {
      if (row.length > 0) {
        dst.offset(at).write(row);
      }
      return at + row.length;
    }
    for (Object sub : (Object[]) array) {
      at = write(dst, sub, at);
    }
    return at;
  }

  /** The rows of a rank-2 tensor's buffer, one bulk read per row. */
  static float[][] floats2d(FloatDataBuffer src, Shape shape) {
    int rows = Math.toIntExact(shape.get(0));
    int cols = Math.toIntExact(shape.get(1));
    float[][] out = new float[rows][cols];
    if (cols > 0) {
      for (int r = 0; r < rows; r++) {
        src.offset((long) r * cols).read(out[r]);
      }
    }
    return out;
  }

  /** The rows of a rank-2 tensor's buffer, one bulk read per row. */
  static double[][] doubles2d(DoubleDataBuffer src, Shape shape) {
    int rows = Math.toIntExact(shape.get(0));
    int cols = Math.toIntExact(shape.get(1));
    double[][] out = new double[rows][cols];
    if (cols > 0) {
      for (int r = 0; r < rows; r++) {
        src.offset((long) r * cols).read(out[r]);
      }
    }
    return out;
  }

  /** The rows of a rank-2 tensor's buffer, one bulk read per row. */
  static int[][] ints2d(IntDataBuffer src, Shape shape) {
    int rows = Math.toIntExact(shape.get(0));
    int cols = Math.toIntExact(shape.get(1));
    int[][] out = new int[rows][cols];
    if (cols > 0) {
      for (int r = 0; r < rows; r++) {
        src.offset((long) r * cols).read(out[r]);
      }
    }
    return out;
  }

  /** The rows of a rank-2 tensor's buffer, one bulk read per row. */
  static long[][] longs2d(LongDataBuffer src, Shape shape) {
    int rows = Math.toIntExact(shape.get(0));
    int cols = Math.toIntExact(shape.get(1));
    long[][] out = new long[rows][cols];
    if (cols > 0) {
      for (int r = 0; r < rows; r++) {
        src.offset((long) r * cols).read(out[r]);
      }
    }
    return out;
  }
}
