package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The bulk row copies of {@code TensorArrays.of} (rank 2 to 4) and {@code xs2d}: the same tensors
 * and arrays, element for element and in row-major order, as TF Java's {@code StdArrays} copies
 * they replaced, empty rows and empty arrays included.
 */
class TensorArraysRowsTest {

  private static final Random RANDOM = new Random(7);

  private static float[][] floats(int rows, int cols) {
    float[][] a = new float[rows][cols];
    for (float[] row : a) {
      for (int c = 0; c < cols; c++) {
        row[c] = RANDOM.nextFloat() - 0.5f;
      }
    }
    return a;
  }

  @Test
  void floatRowsLandInRowMajorOrder() {
    float[][] a = floats(64, 784);
    try (TFloat32 t = TensorArrays.of(a); TFloat32 old = TFloat32.tensorOf(StdArrays.ndCopyOf(a))) {
      assertArrayEquals(new long[] {64, 784}, t.shape().asArray());
      assertEquals(old, t);
      assertEquals(a[3][5], t.getFloat(3, 5));
      assertEquals(a[63][783], t.getFloat(63, 783));
      assertArrayEquals(a, TensorArrays.floats2d(t));
      assertArrayEquals(StdArrays.array2dCopyOf(t), TensorArrays.floats2d(t));
    }
  }

  @Test
  void higherRanksAndOtherTypes() {
    float[][][][] f4 = new float[2][3][4][5];
    double[][][] d3 = new double[3][2][4];
    int[][] i2 = {{1, 2, 3}, {4, 5, 6}};
    long[][][] l3 = {{{1L, 2L}, {3L, 4L}}, {{5L, 6L}, {7L, Long.MAX_VALUE}}};
    int n = 0;
    for (float[][][] a : f4) {
      for (float[][] b : a) {
        for (float[] c : b) {
          for (int k = 0; k < c.length; k++) {
            c[k] = n++;
          }
        }
      }
    }
    for (double[][] a : d3) {
      for (double[] b : a) {
        for (int k = 0; k < b.length; k++) {
          b[k] = n++ * 0.5;
        }
      }
    }
    try (TFloat32 t = TensorArrays.of(f4)) {
      assertEquals(TFloat32.tensorOf(StdArrays.ndCopyOf(f4)), t);
      assertArrayEquals(f4, TensorArrays.floats4d(t));
    }
    try (TFloat64 t = TensorArrays.of(d3)) {
      assertArrayEquals(d3, TensorArrays.doubles3d(t));
      assertEquals(d3[2][1][3], t.getDouble(2, 1, 3));
    }
    try (TInt32 t = TensorArrays.of(i2)) {
      assertArrayEquals(i2, TensorArrays.ints2d(t));
      assertEquals(6, t.getInt(1, 2));
    }
    try (TInt64 t = TensorArrays.of(l3)) {
      assertArrayEquals(l3, TensorArrays.longs3d(t));
      assertEquals(Long.MAX_VALUE, t.getLong(1, 1, 1));
      try (TInt64 two = TensorArrays.of(l3[1])) {
        assertArrayEquals(l3[1], TensorArrays.longs2d(two));
      }
    }
  }

  @Test
  void emptyRowsAndEmptyArrays() {
    try (TFloat32 t = TensorArrays.of(new float[3][0])) {
      assertArrayEquals(new long[] {3, 0}, t.shape().asArray());
      assertArrayEquals(new float[3][0], TensorArrays.floats2d(t));
    }
    try (TFloat32 t = TensorArrays.of(new float[0][])) {
      assertEquals(TFloat32.tensorOf(StdArrays.ndCopyOf(new float[0][])).shape(), t.shape());
      assertEquals(0, TensorArrays.floats2d(t).length);
    }
    int[][][] noRows = new int[2][0][4]; // a Java array cannot carry the 4: the shape is as before
    try (TInt32 t = TensorArrays.of(noRows); TInt32 old = TInt32.tensorOf(StdArrays.ndCopyOf(noRows))) {
      assertEquals(old.shape(), t.shape());
    }
  }

  @Test
  void raggedArraysAreStillRefused() {
    assertThrows(IllegalArgumentException.class, () -> TensorArrays.of(new float[][] {{1f, 2f}, {3f}}));
    assertThrows(IllegalArgumentException.class, () -> TensorArrays.of(new double[][] {{1.0}, null}));
  }
}
