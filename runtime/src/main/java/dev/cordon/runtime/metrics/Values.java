package dev.cordon.runtime.metrics;

import java.util.Arrays;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * The values of one batch's labels or predictions as doubles (row-major) with their shape.
 *
 * @param values every element, flattened in row-major order
 * @param shape the dimensions; {@code values.length} is their product
 */
public record Values(double[] values, long[] shape) {

  public Values {
    long size = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("unknown dimension in " + Arrays.toString(shape));
      }
      size *= d;
    }
    if (size != values.length) {
      throw new IllegalArgumentException(
          values.length + " values do not fill shape " + Arrays.toString(shape));
    }
  }

  /** A rank-1 batch. */
  public static Values of(double... values) {
    return new Values(values, new long[] {values.length});
  }

  /** A rank-2 batch; every row must have one length. */
  public static Values of(double[][] rows) {
    int width = rows.length == 0 ? 0 : rows[0].length;
    double[] flat = new double[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != width) {
        throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + width);
      }
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return new Values(flat, new long[] {rows.length, width});
  }

  /** Reads a numeric or boolean tensor. */
  public static Values of(String metric, String role, Tensor t) {
    if (t == null) {
      throw new IllegalArgumentException("metric " + metric + ": " + role + " is null");
    }
    long[] shape = t.shape().asArray();
    int n = (int) t.shape().size();
    double[] out = new double[n];
    if (t instanceof TFloat32 f) {
      float[] a = new float[n];
      f.copyTo(DataBuffers.of(a, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = a[i];
      }
    } else if (t instanceof TFloat64 d) {
      d.copyTo(DataBuffers.of(out, false, false));
    } else if (t instanceof TInt32 i32) {
      int[] a = new int[n];
      i32.copyTo(DataBuffers.of(a, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = a[i];
      }
    } else if (t instanceof TInt64 i64) {
      long[] a = new long[n];
      i64.copyTo(DataBuffers.of(a, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = a[i];
      }
    } else if (t instanceof TBool b) {
      for (int i = 0; i < n; i++) {
        out[i] = b.getBoolean(index(shape, i)) ? 1 : 0;
      }
    } else if (t instanceof TUint8 u) {
      byte[] a = new byte[n];
      u.copyTo(DataBuffers.of(a, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = a[i] & 0xff;
      }
    } else {
      throw new IllegalArgumentException(
          "metric " + metric + ": " + role + " must be numeric or boolean, got " + t.dataType());
    }
    return new Values(out, shape);
  }

  private static long[] index(long[] shape, int flat) {
    long[] idx = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = flat % shape[d];
      flat /= shape[d];
    }
    return idx;
  }

  /** The number of elements. */
  public int size() {
    return values.length;
  }

  /** The first dimension (1 for a scalar). */
  public long rows() {
    return shape.length == 0 ? 1 : shape[0];
  }

  /** The last dimension (1 for a scalar). */
  public int last() {
    return shape.length == 0 ? 1 : (int) shape[shape.length - 1];
  }

  public String shapeString() {
    return Arrays.toString(shape);
  }
}
