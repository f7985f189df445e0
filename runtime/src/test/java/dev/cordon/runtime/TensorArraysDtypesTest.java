package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/** The conversions the generated overloads of every dtype call: round trips, shapes, rounding. */
class TensorArraysDtypesTest {

  @Test
  void stringsRoundTripAsUtf8() {
    String[][] words = {{"fox", "čaj"}, {"", "日本"}};
    try (TString t = TensorArrays.of(words)) {
      assertArrayEquals(new long[] {2, 2}, t.shape().asArray());
      assertArrayEquals(words, TensorArrays.strings2d(t));
    }
    try (TString t = TensorArrays.of(new String[] {"a", "b", "c"})) {
      assertArrayEquals(new String[] {"a", "b", "c"}, TensorArrays.strings1d(t));
    }
    try (TString t = TensorArrays.of("scalar")) {
      assertEquals(0, t.shape().numDimensions());
      assertEquals("scalar", TensorArrays.stringValue(t));
    }
  }

  @Test
  void uint8BytesKeepTheirBits() {
    byte[][] image = {{0, 127}, {(byte) 200, (byte) 255}};
    try (TUint8 t = TensorArrays.of(image)) {
      assertArrayEquals(image, TensorArrays.bytes2d(t));
      assertEquals(200, TensorArrays.bytes2d(t)[1][0] & 0xff);
    }
    try (TUint8 t = TensorArrays.of((byte) 7)) {
      assertEquals(7, TensorArrays.byteValue(t));
    }
  }

  @Test
  void float16AndBfloat16RoundOnTheWayIn() {
    try (TFloat16 t = TensorArrays.float16Of(new float[] {1.5f, 0.1f, 65504f})) {
      float[] back = TensorArrays.float16s1d(t);
      assertEquals(1.5f, back[0], 0f);
      assertEquals(0.1f, back[1], 1e-4f); // half precision: 0.0999755859375
      assertEquals(65504f, back[2], 0f);
    }
    try (TFloat16 t = TensorArrays.float16Of(new float[][] {{1, 2}, {3, 4}})) {
      assertArrayEquals(new float[][] {{1, 2}, {3, 4}}, TensorArrays.float16s2d(t));
    }
    try (TBfloat16 t = TensorArrays.bfloat16Of(new float[] {1f, 3.140625f})) {
      assertArrayEquals(new float[] {1f, 3.140625f}, TensorArrays.bfloat16s1d(t), 0f);
    }
    try (TFloat16 t = TensorArrays.float16Of(2.5f); TBfloat16 b = TensorArrays.bfloat16Of(-2f)) {
      assertEquals(2.5f, TensorArrays.float16Value(t), 0f);
      assertEquals(-2f, TensorArrays.bfloat16Value(b), 0f);
    }
  }

  @Test
  void scalarsOfEveryPrimitiveType() {
    try (TFloat32 f = TensorArrays.of(1.25f);
        TFloat64 d = TensorArrays.of(2.5);
        TInt32 i = TensorArrays.of(3);
        TInt64 l = TensorArrays.of(4L);
        TBool b = TensorArrays.of(true)) {
      assertEquals(0, f.shape().numDimensions());
      assertEquals(1.25f, TensorArrays.floatValue(f), 0f);
      assertEquals(2.5, TensorArrays.doubleValue(d), 0);
      assertEquals(3, TensorArrays.intValue(i));
      assertEquals(4L, TensorArrays.longValue(l));
      assertEquals(true, TensorArrays.booleanValue(b));
    }
  }

  @Test
  void longsDoublesAndBooleansOfRankFour() {
    long[][][][] longs = {{{{1, 2}}}};
    try (TInt64 t = TensorArrays.of(longs)) {
      assertArrayEquals(longs, TensorArrays.longs4d(t));
    }
    try (TFloat64 t = TensorArrays.of(new double[] {0.5, -1})) {
      assertArrayEquals(new double[] {0.5, -1}, TensorArrays.doubles1d(t), 0);
    }
    try (TBool t = TensorArrays.of(new boolean[] {true, false})) {
      assertArrayEquals(new boolean[] {true, false}, TensorArrays.booleans1d(t));
    }
  }

  /** The other dtypes' conversions refuse what the float ones refuse, before ndarray sees it. */
  @Test
  void raggedNullAndWrongRankAreRefusedForEveryDtype() {
    IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
        () -> TensorArrays.of(new String[][] {{"a", "b"}, {"c"}}));
    assertTrue(ragged.getMessage().startsWith("TensorArrays.of: values[1]"), ragged.getMessage());
    assertEquals("TensorArrays.float16Of: values is null",
        assertThrows(IllegalArgumentException.class, () -> TensorArrays.float16Of((float[]) null)).getMessage());
    TString closed = TensorArrays.of(new String[] {"x"});
    closed.close();
    assertEquals("TensorArrays.strings1d: the tensor is closed",
        assertThrows(IllegalArgumentException.class, () -> TensorArrays.strings1d(closed)).getMessage());
    try (TFloat32 vector = TensorArrays.of(new float[] {1, 2})) {
      assertEquals("TensorArrays.floatValue: the tensor has shape [2], not rank 0",
          assertThrows(IllegalArgumentException.class, () -> TensorArrays.floatValue(vector)).getMessage());
    }
  }
}
