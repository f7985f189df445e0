package dev.cordon.runtime;

import dev.cordon.internal.Arguments;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Copies between Java arrays (rank 1 to 4) and tensors, for the array overloads of generated
 * models. Every {@code of} returns a new tensor that the caller owns and must close; every {@code
 * xs<N>d} copies a tensor of rank N into a new array. A null, ragged or null-row array, and a null,
 * closed or wrong-rank tensor, are refused with an {@link IllegalArgumentException} naming the row.
 */
public final class TensorArrays {
  private TensorArrays() {}

  public static TFloat32 of(float[] values) {
    return TFloat32.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TFloat32 of(float[][] values) {
    return TFloat32.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TFloat32 of(float[][][] values) {
    return TFloat32.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TFloat32 of(float[][][][] values) {
    return TFloat32.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static float[] floats1d(TFloat32 tensor) {
    return StdArrays.array1dCopyOf(Arguments.readable("TensorArrays.floats1d", tensor, 1));
  }

  public static float[][] floats2d(TFloat32 tensor) {
    return StdArrays.array2dCopyOf(Arguments.readable("TensorArrays.floats2d", tensor, 2));
  }

  public static float[][][] floats3d(TFloat32 tensor) {
    return StdArrays.array3dCopyOf(Arguments.readable("TensorArrays.floats3d", tensor, 3));
  }

  public static float[][][][] floats4d(TFloat32 tensor) {
    return StdArrays.array4dCopyOf(Arguments.readable("TensorArrays.floats4d", tensor, 4));
  }

  public static TFloat64 of(double[] values) {
    return TFloat64.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TFloat64 of(double[][] values) {
    return TFloat64.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TFloat64 of(double[][][] values) {
    return TFloat64.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TFloat64 of(double[][][][] values) {
    return TFloat64.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static double[] doubles1d(TFloat64 tensor) {
    return StdArrays.array1dCopyOf(Arguments.readable("TensorArrays.doubles1d", tensor, 1));
  }

  public static double[][] doubles2d(TFloat64 tensor) {
    return StdArrays.array2dCopyOf(Arguments.readable("TensorArrays.doubles2d", tensor, 2));
  }

  public static double[][][] doubles3d(TFloat64 tensor) {
    return StdArrays.array3dCopyOf(Arguments.readable("TensorArrays.doubles3d", tensor, 3));
  }

  public static double[][][][] doubles4d(TFloat64 tensor) {
    return StdArrays.array4dCopyOf(Arguments.readable("TensorArrays.doubles4d", tensor, 4));
  }

  public static TInt32 of(int[] values) {
    return TInt32.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TInt32 of(int[][] values) {
    return TInt32.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TInt32 of(int[][][] values) {
    return TInt32.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TInt32 of(int[][][][] values) {
    return TInt32.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static int[] ints1d(TInt32 tensor) {
    return StdArrays.array1dCopyOf(Arguments.readable("TensorArrays.ints1d", tensor, 1));
  }

  public static int[][] ints2d(TInt32 tensor) {
    return StdArrays.array2dCopyOf(Arguments.readable("TensorArrays.ints2d", tensor, 2));
  }

  public static int[][][] ints3d(TInt32 tensor) {
    return StdArrays.array3dCopyOf(Arguments.readable("TensorArrays.ints3d", tensor, 3));
  }

  public static int[][][][] ints4d(TInt32 tensor) {
    return StdArrays.array4dCopyOf(Arguments.readable("TensorArrays.ints4d", tensor, 4));
  }

  public static TInt64 of(long[] values) {
    return TInt64.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TInt64 of(long[][] values) {
    return TInt64.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TInt64 of(long[][][] values) {
    return TInt64.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TInt64 of(long[][][][] values) {
    return TInt64.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static long[] longs1d(TInt64 tensor) {
    return StdArrays.array1dCopyOf(Arguments.readable("TensorArrays.longs1d", tensor, 1));
  }

  public static long[][] longs2d(TInt64 tensor) {
    return StdArrays.array2dCopyOf(Arguments.readable("TensorArrays.longs2d", tensor, 2));
  }

  public static long[][][] longs3d(TInt64 tensor) {
    return StdArrays.array3dCopyOf(Arguments.readable("TensorArrays.longs3d", tensor, 3));
  }

  public static long[][][][] longs4d(TInt64 tensor) {
    return StdArrays.array4dCopyOf(Arguments.readable("TensorArrays.longs4d", tensor, 4));
  }

  public static TBool of(boolean[] values) {
    return TBool.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TBool of(boolean[][] values) {
    return TBool.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TBool of(boolean[][][] values) {
    return TBool.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TBool of(boolean[][][][] values) {
    return TBool.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static boolean[] booleans1d(TBool tensor) {
    return StdArrays.array1dCopyOf(Arguments.readable("TensorArrays.booleans1d", tensor, 1));
  }

  public static boolean[][] booleans2d(TBool tensor) {
    return StdArrays.array2dCopyOf(Arguments.readable("TensorArrays.booleans2d", tensor, 2));
  }

  public static boolean[][][] booleans3d(TBool tensor) {
    return StdArrays.array3dCopyOf(Arguments.readable("TensorArrays.booleans3d", tensor, 3));
  }

  public static boolean[][][][] booleans4d(TBool tensor) {
    return StdArrays.array4dCopyOf(Arguments.readable("TensorArrays.booleans4d", tensor, 4));
  }
}
