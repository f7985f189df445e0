package dev.cordon.runtime;

import dev.cordon.internal.Arguments;
import dev.cordon.internal.NativeRun;
import java.util.function.Consumer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * Copies between Java arrays (rank 1 to 4) and tensors, for the array overloads of generated
 * models. Every {@code of} (and {@code float16Of}, {@code bfloat16Of}) returns a new tensor that
 * the caller owns and must close; every {@code xs<N>d} copies a tensor of rank N into a new array,
 * every {@code xValue} reads a scalar. A null, ragged or null-row
 * array, and a null, closed or wrong-rank tensor, are refused with an {@link
 * IllegalArgumentException} naming the row.
 *
 * <table>
 *   <caption>Java forms of the tensor types</caption>
 *   <tr><th>tensor</th><th>Java</th><th>to a tensor</th><th>from a tensor</th></tr>
 *   <tr><td>TFloat32</td><td>float</td><td>of</td><td>floats1d..4d, floatValue</td></tr>
 *   <tr><td>TFloat64</td><td>double</td><td>of</td><td>doubles1d..4d, doubleValue</td></tr>
 *   <tr><td>TInt32</td><td>int</td><td>of</td><td>ints1d..4d, intValue</td></tr>
 *   <tr><td>TInt64</td><td>long</td><td>of</td><td>longs1d..4d, longValue</td></tr>
 *   <tr><td>TBool</td><td>boolean</td><td>of</td><td>booleans1d..4d, booleanValue</td></tr>
 *   <tr><td>TUint8</td><td>byte</td><td>of</td><td>bytes1d..4d, byteValue</td></tr>
 *   <tr><td>TString</td><td>String (UTF-8)</td><td>of</td><td>strings1d..4d, stringValue</td></tr>
 *   <tr><td>TFloat16</td><td>float</td><td>float16Of</td><td>float16s1d..4d, float16Value</td></tr>
 *   <tr><td>TBfloat16</td><td>float</td><td>bfloat16Of</td><td>bfloat16s1d..4d, bfloat16Value</td></tr>
 * </table>
 */
public final class TensorArrays {
  private TensorArrays() {}

  /** A new tensor (see {@link NativeRun#allocate} for why not {@code T.tensorOf}), filled by {@code init}. */
  private static <T extends TType> T filled(Class<T> type, Shape shape, Consumer<T> init) {
    T t = NativeRun.allocate(type, shape);
    try {
      init.accept(t);
      return t;
    } catch (RuntimeException | Error e) {
      t.close();
      throw e;
    }
  }

  public static TFloat32 of(float[] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TFloat32.class, StdArrays.shapeOf(values), t -> StdArrays.copyTo(values, t));
  }

  public static TFloat32 of(float[][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TFloat32.class, StdArrays.shapeOf(values), t -> Rows.write(t.asRawTensor().data().asFloats(), values));
  }

  public static TFloat32 of(float[][][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TFloat32.class, StdArrays.shapeOf(values), t -> Rows.write(t.asRawTensor().data().asFloats(), values));
  }

  public static TFloat32 of(float[][][][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TFloat32.class, StdArrays.shapeOf(values), t -> Rows.write(t.asRawTensor().data().asFloats(), values));
  }

  public static float[] floats1d(TFloat32 tensor) {
    return StdArrays.array1dCopyOf(Arguments.readable("TensorArrays.floats1d", tensor, 1));
  }

  public static float[][] floats2d(TFloat32 tensor) {
    TFloat32 t = Arguments.readable("TensorArrays.floats2d", tensor, 2);
    return Rows.floats2d(t.asRawTensor().data().asFloats(), t.shape());
  }

  public static float[][][] floats3d(TFloat32 tensor) {
    return StdArrays.array3dCopyOf(Arguments.readable("TensorArrays.floats3d", tensor, 3));
  }

  public static float[][][][] floats4d(TFloat32 tensor) {
    return StdArrays.array4dCopyOf(Arguments.readable("TensorArrays.floats4d", tensor, 4));
  }

  public static TFloat64 of(double[] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TFloat64.class, StdArrays.shapeOf(values), t -> StdArrays.copyTo(values, t));
  }

  public static TFloat64 of(double[][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TFloat64.class, StdArrays.shapeOf(values), t -> Rows.write(t.asRawTensor().data().asDoubles(), values));
  }

  public static TFloat64 of(double[][][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TFloat64.class, StdArrays.shapeOf(values), t -> Rows.write(t.asRawTensor().data().asDoubles(), values));
  }

  public static TFloat64 of(double[][][][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TFloat64.class, StdArrays.shapeOf(values), t -> Rows.write(t.asRawTensor().data().asDoubles(), values));
  }

  public static double[] doubles1d(TFloat64 tensor) {
    return StdArrays.array1dCopyOf(Arguments.readable("TensorArrays.doubles1d", tensor, 1));
  }

  public static double[][] doubles2d(TFloat64 tensor) {
    TFloat64 t = Arguments.readable("TensorArrays.doubles2d", tensor, 2);
    return Rows.doubles2d(t.asRawTensor().data().asDoubles(), t.shape());
  }

  public static double[][][] doubles3d(TFloat64 tensor) {
    return StdArrays.array3dCopyOf(Arguments.readable("TensorArrays.doubles3d", tensor, 3));
  }

  public static double[][][][] doubles4d(TFloat64 tensor) {
    return StdArrays.array4dCopyOf(Arguments.readable("TensorArrays.doubles4d", tensor, 4));
  }

  public static TInt32 of(int[] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TInt32.class, StdArrays.shapeOf(values), t -> StdArrays.copyTo(values, t));
  }

  public static TInt32 of(int[][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TInt32.class, StdArrays.shapeOf(values), t -> Rows.write(t.asRawTensor().data().asInts(), values));
  }

  public static TInt32 of(int[][][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TInt32.class, StdArrays.shapeOf(values), t -> Rows.write(t.asRawTensor().data().asInts(), values));
  }

  public static TInt32 of(int[][][][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TInt32.class, StdArrays.shapeOf(values), t -> Rows.write(t.asRawTensor().data().asInts(), values));
  }

  public static int[] ints1d(TInt32 tensor) {
    return StdArrays.array1dCopyOf(Arguments.readable("TensorArrays.ints1d", tensor, 1));
  }

  public static int[][] ints2d(TInt32 tensor) {
    TInt32 t = Arguments.readable("TensorArrays.ints2d", tensor, 2);
    return Rows.ints2d(t.asRawTensor().data().asInts(), t.shape());
  }

  public static int[][][] ints3d(TInt32 tensor) {
    return StdArrays.array3dCopyOf(Arguments.readable("TensorArrays.ints3d", tensor, 3));
  }

  public static int[][][][] ints4d(TInt32 tensor) {
    return StdArrays.array4dCopyOf(Arguments.readable("TensorArrays.ints4d", tensor, 4));
  }

  public static TInt64 of(long[] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TInt64.class, StdArrays.shapeOf(values), t -> StdArrays.copyTo(values, t));
  }

  public static TInt64 of(long[][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TInt64.class, StdArrays.shapeOf(values), t -> Rows.write(t.asRawTensor().data().asLongs(), values));
  }

  public static TInt64 of(long[][][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TInt64.class, StdArrays.shapeOf(values), t -> Rows.write(t.asRawTensor().data().asLongs(), values));
  }

  public static TInt64 of(long[][][][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TInt64.class, StdArrays.shapeOf(values), t -> Rows.write(t.asRawTensor().data().asLongs(), values));
  }

  public static long[] longs1d(TInt64 tensor) {
    return StdArrays.array1dCopyOf(Arguments.readable("TensorArrays.longs1d", tensor, 1));
  }

  public static long[][] longs2d(TInt64 tensor) {
    TInt64 t = Arguments.readable("TensorArrays.longs2d", tensor, 2);
    return Rows.longs2d(t.asRawTensor().data().asLongs(), t.shape());
  }

  public static long[][][] longs3d(TInt64 tensor) {
    return StdArrays.array3dCopyOf(Arguments.readable("TensorArrays.longs3d", tensor, 3));
  }

  public static long[][][][] longs4d(TInt64 tensor) {
    return StdArrays.array4dCopyOf(Arguments.readable("TensorArrays.longs4d", tensor, 4));
  }

  public static TBool of(boolean[] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TBool.class, StdArrays.shapeOf(values), t -> StdArrays.copyTo(values, t));
  }

  public static TBool of(boolean[][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TBool.class, StdArrays.shapeOf(values), t -> StdArrays.copyTo(values, t));
  }

  public static TBool of(boolean[][][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TBool.class, StdArrays.shapeOf(values), t -> StdArrays.copyTo(values, t));
  }

  public static TBool of(boolean[][][][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TBool.class, StdArrays.shapeOf(values), t -> StdArrays.copyTo(values, t));
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

  // Scalars (rank 0): the element itself.

  public static TFloat32 of(float value) {
    return TFloat32.scalarOf(value);
  }

  public static float floatValue(TFloat32 tensor) {
    return Arguments.readable("TensorArrays.floatValue", tensor, 0).getFloat();
  }

  public static TFloat64 of(double value) {
    return TFloat64.scalarOf(value);
  }

  public static double doubleValue(TFloat64 tensor) {
    return Arguments.readable("TensorArrays.doubleValue", tensor, 0).getDouble();
  }

  public static TInt32 of(int value) {
    return TInt32.scalarOf(value);
  }

  public static int intValue(TInt32 tensor) {
    return Arguments.readable("TensorArrays.intValue", tensor, 0).getInt();
  }

  public static TInt64 of(long value) {
    return TInt64.scalarOf(value);
  }

  public static long longValue(TInt64 tensor) {
    return Arguments.readable("TensorArrays.longValue", tensor, 0).getLong();
  }

  public static TBool of(boolean value) {
    return TBool.scalarOf(value);
  }

  public static boolean booleanValue(TBool tensor) {
    return Arguments.readable("TensorArrays.booleanValue", tensor, 0).getBoolean();
  }

  // TUint8: Java bytes, 0..127 as themselves and 128..255 as -128..-1 (mask with 0xff for ints).

  public static TUint8 of(byte value) {
    return TUint8.scalarOf(value);
  }

  public static byte byteValue(TUint8 tensor) {
    return Arguments.readable("TensorArrays.byteValue", tensor, 0).getByte();
  }

  public static TUint8 of(byte[] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TUint8.class, StdArrays.shapeOf(values), t -> StdArrays.copyTo(values, t));
  }

  public static TUint8 of(byte[][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TUint8.class, StdArrays.shapeOf(values), t -> StdArrays.copyTo(values, t));
  }

  public static TUint8 of(byte[][][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TUint8.class, StdArrays.shapeOf(values), t -> StdArrays.copyTo(values, t));
  }

  public static TUint8 of(byte[][][][] values) {
    Arguments.rectangular("TensorArrays.of", "values", values);
    return filled(TUint8.class, StdArrays.shapeOf(values), t -> StdArrays.copyTo(values, t));
  }

  public static byte[] bytes1d(TUint8 tensor) {
    return StdArrays.array1dCopyOf(Arguments.readable("TensorArrays.bytes1d", tensor, 1));
  }

  public static byte[][] bytes2d(TUint8 tensor) {
    return StdArrays.array2dCopyOf(Arguments.readable("TensorArrays.bytes2d", tensor, 2));
  }

  public static byte[][][] bytes3d(TUint8 tensor) {
    return StdArrays.array3dCopyOf(Arguments.readable("TensorArrays.bytes3d", tensor, 3));
  }

  public static byte[][][][] bytes4d(TUint8 tensor) {
    return StdArrays.array4dCopyOf(Arguments.readable("TensorArrays.bytes4d", tensor, 4));
  }

  // TString: Java strings, encoded and decoded as UTF-8.

  public static TString of(String value) {
    return TString.scalarOf(value);
  }

  public static String stringValue(TString tensor) {
    return Arguments.readable("TensorArrays.stringValue", tensor, 0).getObject();
  }

  public static TString of(String[] values) {
    return TString.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TString of(String[][] values) {
    return TString.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TString of(String[][][] values) {
    return TString.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static TString of(String[][][][] values) {
    return TString.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.of", "values", values)));
  }

  public static String[] strings1d(TString tensor) {
    return StdArrays.array1dCopyOf(Arguments.readable("TensorArrays.strings1d", tensor, 1), String.class);
  }

  public static String[][] strings2d(TString tensor) {
    return StdArrays.array2dCopyOf(Arguments.readable("TensorArrays.strings2d", tensor, 2), String.class);
  }

  public static String[][][] strings3d(TString tensor) {
    return StdArrays.array3dCopyOf(Arguments.readable("TensorArrays.strings3d", tensor, 3), String.class);
  }

  public static String[][][][] strings4d(TString tensor) {
    return StdArrays.array4dCopyOf(Arguments.readable("TensorArrays.strings4d", tensor, 4), String.class);
  }

  // TFloat16: Java floats, rounded to IEEE half precision on the way in and widened exactly on the way out.
  // Named apart, since of(float[]) makes a TFloat32.

  public static TFloat16 float16Of(float value) {
    return TFloat16.scalarOf(value);
  }

  public static float float16Value(TFloat16 tensor) {
    return Arguments.readable("TensorArrays.float16Value", tensor, 0).getFloat();
  }

  public static TFloat16 float16Of(float[] values) {
    return TFloat16.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.float16Of", "values", values)));
  }

  public static TFloat16 float16Of(float[][] values) {
    return TFloat16.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.float16Of", "values", values)));
  }

  public static TFloat16 float16Of(float[][][] values) {
    return TFloat16.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.float16Of", "values", values)));
  }

  public static TFloat16 float16Of(float[][][][] values) {
    return TFloat16.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.float16Of", "values", values)));
  }

  public static float[] float16s1d(TFloat16 tensor) {
    return StdArrays.array1dCopyOf(Arguments.readable("TensorArrays.float16s1d", tensor, 1));
  }

  public static float[][] float16s2d(TFloat16 tensor) {
    return StdArrays.array2dCopyOf(Arguments.readable("TensorArrays.float16s2d", tensor, 2));
  }

  public static float[][][] float16s3d(TFloat16 tensor) {
    return StdArrays.array3dCopyOf(Arguments.readable("TensorArrays.float16s3d", tensor, 3));
  }

  public static float[][][][] float16s4d(TFloat16 tensor) {
    return StdArrays.array4dCopyOf(Arguments.readable("TensorArrays.float16s4d", tensor, 4));
  }

  // TBfloat16: Java floats, rounded to bfloat16 on the way in and widened exactly on the way out.
  // Named apart, since of(float[]) makes a TFloat32.

  public static TBfloat16 bfloat16Of(float value) {
    return TBfloat16.scalarOf(value);
  }

  public static float bfloat16Value(TBfloat16 tensor) {
    return Arguments.readable("TensorArrays.bfloat16Value", tensor, 0).getFloat();
  }

  public static TBfloat16 bfloat16Of(float[] values) {
    return TBfloat16.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.bfloat16Of", "values", values)));
  }

  public static TBfloat16 bfloat16Of(float[][] values) {
    return TBfloat16.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.bfloat16Of", "values", values)));
  }

  public static TBfloat16 bfloat16Of(float[][][] values) {
    return TBfloat16.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.bfloat16Of", "values", values)));
  }

  public static TBfloat16 bfloat16Of(float[][][][] values) {
    return TBfloat16.tensorOf(StdArrays.ndCopyOf(Arguments.rectangular("TensorArrays.bfloat16Of", "values", values)));
  }

  public static float[] bfloat16s1d(TBfloat16 tensor) {
    return StdArrays.array1dCopyOf(Arguments.readable("TensorArrays.bfloat16s1d", tensor, 1));
  }

  public static float[][] bfloat16s2d(TBfloat16 tensor) {
    return StdArrays.array2dCopyOf(Arguments.readable("TensorArrays.bfloat16s2d", tensor, 2));
  }

  public static float[][][] bfloat16s3d(TBfloat16 tensor) {
    return StdArrays.array3dCopyOf(Arguments.readable("TensorArrays.bfloat16s3d", tensor, 3));
  }

  public static float[][][][] bfloat16s4d(TBfloat16 tensor) {
    return StdArrays.array4dCopyOf(Arguments.readable("TensorArrays.bfloat16s4d", tensor, 4));
  }
}
