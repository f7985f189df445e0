package dev.cordon.runtime.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TType;

/**
 * How one input of a streaming dataset is read from each record {@code R}: for example {@code
 * Feature.floats(Image::pixels, 784)} and {@code Feature.intValue(Image::digit)}.
 *
 * @param <R> the record type
 */
public final class Feature<R> {

  @FunctionalInterface
  interface Writer<R> {
    /** Writes the record's values at {@code offset} of {@code flat}; returns how many it had. */
    int write(R record, Object flat, int offset, int capacity);
  }

  final ElementType type;
  final long[] exampleShape;
  final int exampleSize;
  private final Writer<R> writer;

  private Feature(ElementType type, long[] exampleShape, Writer<R> writer) {
    for (long d : exampleShape) {
      if (d <= 0) {
        throw new IllegalArgumentException("a feature's shape needs known positive dimensions, got "
            + Arrays.toString(exampleShape));
      }
    }
    this.type = type;
    this.exampleShape = exampleShape.clone();
    int size = 1;
    for (long d : exampleShape) {
      size = Math.multiplyExact(size, (int) d);
    }
    this.exampleSize = size;
    this.writer = writer;
  }

  /** Floats of {@code shape} per record (flattened row-major), such as 784 pixels. */
  public static <R> Feature<R> floats(Function<? super R, float[]> get, long... shape) {
    Objects.requireNonNull(get, "get");
    return new Feature<>(ElementType.FLOAT32, shape, (r, flat, off, n) -> copy(get.apply(r), flat, off, n));
  }

  /** One float per record. */
  public static <R> Feature<R> floatValue(ToDoubleFunction<? super R> get) {
    Objects.requireNonNull(get, "get");
    return new Feature<>(ElementType.FLOAT32, new long[0], (r, flat, off, n) -> {
      ((float[]) flat)[off] = (float) get.applyAsDouble(r);
      return 1;
    });
  }

  /** Doubles of {@code shape} per record. */
  public static <R> Feature<R> doubles(Function<? super R, double[]> get, long... shape) {
    Objects.requireNonNull(get, "get");
    return new Feature<>(ElementType.FLOAT64, shape, (r, flat, off, n) -> copy(get.apply(r), flat, off, n));
  }

  /** Ints of {@code shape} per record, such as the token ids of a fixed-length sequence. */
  public static <R> Feature<R> ints(Function<? super R, int[]> get, long... shape) {
    Objects.requireNonNull(get, "get");
    return new Feature<>(ElementType.INT32, shape, (r, flat, off, n) -> copy(get.apply(r), flat, off, n));
  }

  /** One int per record, such as a class label. */
  public static <R> Feature<R> intValue(ToIntFunction<? super R> get) {
    Objects.requireNonNull(get, "get");
    return new Feature<>(ElementType.INT32, new long[0], (r, flat, off, n) -> {
      ((int[]) flat)[off] = get.applyAsInt(r);
      return 1;
    });
  }

  /** Longs of {@code shape} per record. */
  public static <R> Feature<R> longs(Function<? super R, long[]> get, long... shape) {
    Objects.requireNonNull(get, "get");
    return new Feature<>(ElementType.INT64, shape, (r, flat, off, n) -> copy(get.apply(r), flat, off, n));
  }

  /** One long per record. */
  public static <R> Feature<R> longValue(ToLongFunction<? super R> get) {
    Objects.requireNonNull(get, "get");
    return new Feature<>(ElementType.INT64, new long[0], (r, flat, off, n) -> {
      ((long[]) flat)[off] = get.applyAsLong(r);
      return 1;
    });
  }

  private static int copy(Object values, Object flat, int offset, int capacity) {
    if (values == null) {
      return -1;
    }
    int length = java.lang.reflect.Array.getLength(values);
    if (length == capacity) {
      System.arraycopy(values, 0, flat, offset, length);
    }
    return length;
  }

  /** Writes {@code record} at example {@code position} of {@code flat}, or fails naming the record. */
  void write(R record, Object flat, int position, long recordIndex, int featureIndex) {
    int n = writer.write(record, flat, position * exampleSize, exampleSize);
    if (n != exampleSize) {
      throw new IllegalArgumentException("feature " + featureIndex + " of record " + recordIndex
          + (n < 0 ? " is null" : " has " + n + " values, expected " + exampleSize + " for shape "
              + Arrays.toString(exampleShape)));
    }
  }

  public Class<? extends TType> tensorType() {
    return type.tensorType;
  }

  public Shape exampleShape() {
    return Shape.of(exampleShape);
  }
}
