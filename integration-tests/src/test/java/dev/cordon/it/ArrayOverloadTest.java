package dev.cordon.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.TensorArrays;
import dev.cordon.runtime.train.Optimizer;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;

/**
 * The generated array overloads are one call into the engine, which checks each array, converts it
 * for its input's dtype, calls the tensor path and reads the result back: every dtype and rank
 * comes back as the graph computed it, and the tensor path gives the same numbers.
 */
class ArrayOverloadTest {

  private static final float[][] F32 = {{1f, 2f}, {3f, 4f}};
  private static final double[] F64 = {0.25, -8};
  private static final int[][][] I32 = {{{1, 2}}, {{3, 4}}};
  private static final boolean[] FLAGS = {true, false};
  private static final byte[][] BYTES = {{1, (byte) 200}, {7, 9}};
  private static final float[] HALF = {0.5f, 1.5f};

  @Test
  void everyDtypeAndRankGoesInAndComesBackInItsJavaForm() {
    try (CordonEveryDtype m = CordonEveryDtype.builder().build()) {
      assertArrayEquals(new double[] {-0.25, 8}, m.doubles(F32, F64, I32, 42L, FLAGS, BYTES, "héllo", HALF));
      int[][][] ints = m.ints(F32, F64, I32, 42L, FLAGS, BYTES, "héllo", HALF);
      assertEquals(2, ints.length);
      assertArrayEquals(new int[] {4, 5}, ints[1][0]);
      assertEquals(84L, m.count(F32, F64, I32, 42L, FLAGS, BYTES, "héllo", HALF));
      assertArrayEquals(new boolean[] {false, true}, m.negated(F32, F64, I32, 42L, FLAGS, BYTES, "héllo", HALF));
      byte[][] image = m.image(F32, F64, I32, 42L, FLAGS, BYTES, "héllo", HALF);
      assertArrayEquals(BYTES[0], image[0]);
      assertArrayEquals(BYTES[1], image[1]);
      assertEquals("héllo", m.echo(F32, F64, I32, 42L, FLAGS, BYTES, "héllo", HALF));
      assertArrayEquals(new float[] {1f, 3f}, m.halves(F32, F64, I32, 42L, FLAGS, BYTES, "héllo", HALF), 0f);
    }
  }

  @Test
  void arraysAndTensorsGiveTheSameNumbersAndTrainTheSame() {
    float[][] target = {{0f, 1f}, {1f, 0f}};
    try (CordonEveryDtype a = CordonEveryDtype.builder().seed(3).optimizer(Optimizer.sgd(0.1f)).build();
        CordonEveryDtype b = CordonEveryDtype.builder().seed(3).optimizer(Optimizer.sgd(0.1f)).build()) {
      float[][] scaled = a.scaled(F32, F64, I32, 42L, FLAGS, BYTES, "x", HALF);
      try (var f32 = TensorArrays.of(F32); var f64 = TensorArrays.of(F64); var i32 = TensorArrays.of(I32);
          var i64 = TensorArrays.of(42L); var flags = TensorArrays.of(FLAGS); var bytes = TensorArrays.of(BYTES);
          var word = TensorArrays.of("x"); var half = TensorArrays.float16Of(HALF); var t = TensorArrays.of(target);
          TFloat32 viaTensor = b.scaled(f32, f64, i32, i64, flags, bytes, word, half)) {
        assertTrue(java.util.Arrays.deepEquals(scaled, TensorArrays.floats2d(viaTensor)));
        float lossA = a.trainStep(F32, F64, I32, 42L, FLAGS, BYTES, "x", HALF, target);
        float lossB = b.trainStep(f32, f64, i32, i64, flags, bytes, word, half, t);
        assertEquals(lossB, lossA, 0f);
      }
      // After the same step from arrays and from tensors, the weights are the same.
      assertTrue(java.util.Arrays.deepEquals(
          a.scaled(F32, F64, I32, 42L, FLAGS, BYTES, "x", HALF), b.scaled(F32, F64, I32, 42L, FLAGS, BYTES, "x", HALF)));
    }
  }

  @Test
  void aBadArrayIsRefusedNamingTheMethodAndInputBeforeAnyTensorIsMade() {
    try (CordonEveryDtype m = CordonEveryDtype.builder().build()) {
      IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
          () -> m.scaled(new float[][] {{1f, 2f}, {3f}}, F64, I32, 42L, FLAGS, BYTES, "x", HALF));
      assertTrue(ragged.getMessage().startsWith("EveryDtype.scaled: "), ragged.getMessage());
      assertTrue(ragged.getMessage().contains("input 'f32'"), ragged.getMessage());
      IllegalArgumentException nullWord = assertThrows(IllegalArgumentException.class,
          () -> m.echo(F32, F64, I32, 42L, FLAGS, BYTES, null, HALF));
      assertEquals("EveryDtype.echo: input 'word' is null; expected TString of shape []", nullWord.getMessage());
      IllegalArgumentException step = assertThrows(IllegalArgumentException.class,
          () -> m.trainStep(F32, F64, I32, 42L, FLAGS, BYTES, "x", HALF, new float[][] {{1f, 2f, 3f}, {1f, 2f, 3f}}));
      assertTrue(step.getMessage().startsWith("EveryDtype.trainStep: "), step.getMessage());
      assertTrue(step.getMessage().contains("'target'"), step.getMessage());
    }
  }
}
