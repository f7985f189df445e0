package dev.cordon.runtime.data;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Objects;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TType;

/**
 * One input of an in-memory dataset: a value of one shape per example, such as the 784 pixels of
 * each image ({@code float[n][784]}) or the label of each ({@code int[n]}). The values are copied
 * when the column is made: later changes to the array do not reach it. Ragged arrays (rows of
 * different lengths) are refused, naming the first bad row.
 */
public final class Column {

  final ElementType type;
  final long[] exampleShape;
  final int exampleSize;
  final int examples;
  final Object data; // flat primitive array, examples * exampleSize

  private Column(ElementType type, long[] exampleShape, int examples, Object data) {
    this.type = type;
    this.exampleShape = exampleShape;
    this.examples = examples;
    int size = 1;
    for (long d : exampleShape) {
      size = Math.multiplyExact(size, (int) d);
    }
    this.exampleSize = size;
    this.data = data;
  }

  public static Column of(float[] values) {
    return ofArray(values);
  }

  public static Column of(float[][] values) {
    return ofArray(values);
  }

  public static Column of(float[][][] values) {
    return ofArray(values);
  }

  public static Column of(float[][][][] values) {
    return ofArray(values);
  }

  public static Column of(double[] values) {
    return ofArray(values);
  }

  public static Column of(double[][] values) {
    return ofArray(values);
  }

  public static Column of(int[] values) {
    return ofArray(values);
  }

  public static Column of(int[][] values) {
    return ofArray(values);
  }

  public static Column of(long[] values) {
    return ofArray(values);
  }

  public static Column of(long[][] values) {
    return ofArray(values);
  }

  public static Column of(boolean[] values) {
    return ofArray(values);
  }

  /**
   * A column from a (possibly multi-dimensional) array of float, double, int, long or boolean
   * whose first dimension indexes the examples.
   *
   * @throws IllegalArgumentException for another element type, a null or ragged row
   */
  public static Column ofArray(Object array) {
    Objects.requireNonNull(array, "array");
    Class<?> c = array.getClass();
    int rank = 0;
    while (c.isArray()) {
      c = c.getComponentType();
      rank++;
    }
    ElementType type = ElementType.ofPrimitive(c);
    if (rank == 0 || type == null) {
      throw new IllegalArgumentException(
          "a column needs an array of float, double, int, long or boolean, got " + array.getClass().getSimpleName());
    }
    long[] shape = new long[rank];
    Object probe = array;
    for (int d = 0; d < rank; d++) {
      shape[d] = Array.getLength(probe);
      if (d < rank - 1) {
        if (shape[d] == 0) {
          break;
        }
        probe = Array.get(probe, 0);
        if (probe == null) {
          throw new IllegalArgumentException("row " + "[0]".repeat(d + 1) + " is null");
        }
      }
    }
    long total = 1;
    for (long d : shape) {
      total *= d;
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a column holds at most 2^31 - 1 values, got " + total);
    }
    Object flat = type.newArray((int) total);
    int[] position = {0};
    flatten(array, shape, 0, "", flat, position);
    return new Column(type, Arrays.copyOfRange(shape, 1, rank), (int) shape[0], flat);
  }

  private static void flatten(Object array, long[] shape, int depth, String path, Object flat, int[] position) {
    int length = Array.getLength(array);
    if (length != shape[depth]) {
      throw new IllegalArgumentException("ragged array: row " + path + " has " + length + " values, but row "
          + "[0]".repeat(depth) + " has " + shape[depth]);
    }
    if (depth == shape.length - 1) {
      System.arraycopy(array, 0, flat, position[0], length);
      position[0] += length;
      return;
    }
    for (int i = 0; i < length; i++) {
      Object row = Array.get(array, i);
      if (row == null) {
        throw new IllegalArgumentException("row " + path + "[" + i + "] is null");
      }
      flatten(row, shape, depth + 1, path + "[" + i + "]", flat, position);
    }
  }

  /** A column holding a copy of {@code tensor}, whose first dimension indexes the examples; the tensor stays the caller's. */
  public static Column of(Tensor tensor) {
    Objects.requireNonNull(tensor, "tensor");
    ElementType type = ElementType.ofTensor(tensor);
    if (type == null) {
      throw new IllegalArgumentException("a column needs a TFloat32, TFloat64, TInt32, TInt64 or TBool tensor, got "
          + tensor.dataType());
    }
    long[] shape = tensor.shape().asArray();
    if (shape.length == 0) {
      throw new IllegalArgumentException("a column needs a tensor of rank >= 1 (the examples), got a scalar");
    }
    return new Column(type, Arrays.copyOfRange(shape, 1, shape.length), (int) shape[0], type.copyOf(tensor));
  }

  /** The number of examples. */
  public int size() {
    return examples;
  }

  /** The tensor type of the column's batches. */
  public Class<? extends TType> tensorType() {
    return type.tensorType;
  }

  /** The shape of one example ({@code [784]}, or {@code []} for one label). */
  public Shape exampleShape() {
    return Shape.of(exampleShape);
  }

  /** The examples {@code from} (inclusive) to {@code to} (exclusive), sharing nothing with this column. */
  Column slice(int from, int to) {
    Object part = type.newArray((to - from) * exampleSize);
    System.arraycopy(data, from * exampleSize, part, 0, (to - from) * exampleSize);
    return new Column(type, exampleShape, to - from, part);
  }

  @Override
  public String toString() {
    return type.tensorName() + " column of " + examples + " examples of shape " + Arrays.toString(exampleShape);
  }
}
