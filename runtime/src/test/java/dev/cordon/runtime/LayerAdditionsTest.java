package dev.cordon.runtime;

import static dev.cordon.runtime.LayerHarness.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.train.Optimizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Forward numbers against hand computation, gradients against finite differences. */
class LayerAdditionsTest {

  private static final float TOL = 2e-3f;

  private static float[] seq(int n, float start, float step) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = start + step * i + 0.13f * (float) Math.sin(3.7 * i); // irregular, no ties
    }
    return v;
  }

  @Test
  void embeddingLooksUpRowsAndItsGradientReachesOnlyThoseRows() {
    try (LayerHarness h = LayerHarness.of(TInt32.class, new long[] {-1, 2}, new long[] {-1, 2, 3},
            Optimizer.sgd(0.1f), (nn, ids) -> nn.embedding("words", ids.asOutput().expect(TInt32.class), 5, 3));
        TInt32 ids = TensorArrays.of(new int[][] {{0, 2}, {4, 2}})) {
      assertEquals(List.of("words/embeddings"), h.model.variables().names());
      float[] table = h.variable("words/embeddings");
      float[] y = h.run(h.y, Map.of(h.x, ids), false);
      int[] order = {0, 2, 4, 2};
      for (int i = 0; i < 4; i++) {
        for (int d = 0; d < 3; d++) {
          assertEquals(table[order[i] * 3 + d], y[i * 3 + d], 0f);
        }
      }
      float[] g = h.checkGradient(h.variableRead("words/embeddings"), table, Shape.of(5, 3), Map.of(h.x, ids), false, TOL);
      for (int d = 0; d < 3; d++) {
        assertEquals(0f, g[3 + d], 0f, "row 1 is never looked up");
        assertEquals(0f, g[9 + d], 0f, "row 3 is never looked up");
      }
    }
  }

  @Test
  void batchNormalizationUsesBatchStatisticsWhileTrainingAndMovingOnesInPredictions() {
    float[] x = seq(12, -1f, 0.4f); // [4, 3]
    try (LayerHarness h = LayerHarness.of(new long[] {-1, 3}, new long[] {-1, 3},
            (nn, in) -> nn.batchNormalization("bn", in, 0.9f, 1e-3f));
        TFloat32 in = tensor(x, Shape.of(4, 3))) {
      double[] mean = new double[3];
      double[] var = new double[3];
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < 4; i++) {
          mean[c] += x[i * 3 + c] / 4.0;
        }
        for (int i = 0; i < 4; i++) {
          var[c] += Math.pow(x[i * 3 + c] - mean[c], 2) / 4.0;
        }
      }
      float[] trainingY = h.run(h.y, Map.of(h.x, in), true);
      float[] inferenceY = h.run(h.y, Map.of(h.x, in), false);
      for (int i = 0; i < 12; i++) {
        int c = i % 3;
        assertEquals((x[i] - mean[c]) / Math.sqrt(var[c] + 1e-3), trainingY[i], 1e-5);
        assertEquals(x[i] / Math.sqrt(1 + 1e-3), inferenceY[i], 1e-5); // moving mean 0, variance 1
      }
      h.checkAllGradients(x, Shape.of(4, 3), true, TOL);
      h.checkAllGradients(x, Shape.of(4, 3), false, TOL);
    }
  }

  @Test
  void batchNormalizationMovingStatisticsAreUpdatedByTheStepNeverByGradientsAndSaved(@TempDir Path dir) {
    float[] x = seq(12, -1f, 0.4f);
    try (LayerHarness h = LayerHarness.of(new long[] {-1, 3}, new long[] {-1, 3},
            (nn, in) -> nn.batchNormalization("bn", in, 0.9f, 1e-3f));
        TFloat32 in = tensor(x, Shape.of(4, 3))) {
      ModelVariables vars = h.model.variables();
      assertEquals(List.of("bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance"), vars.names());
      assertTrue(vars.trainable("bn/gamma"));
      assertFalse(vars.trainable("bn/moving_mean"));
      assertFalse(vars.trainable("bn/moving_variance"));
      assertEquals(6, vars.parameterCount(true));
      assertEquals(12, vars.parameterCount(false));
      // Predictions leave the moving statistics alone.
      h.run(h.y, Map.of(h.x, in), false);
      assertArrayEquals(new float[3], vars.readFloats("bn/moving_mean"), 0f);
      double[] mean = new double[3];
      double[] var = new double[3];
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < 4; i++) {
          mean[c] += x[i * 3 + c] / 4.0;
        }
        for (int i = 0; i < 4; i++) {
          var[c] += Math.pow(x[i * 3 + c] - mean[c], 2) / 4.0;
        }
      }
      float[] gammaBefore = vars.readFloats("bn/gamma");
      h.model.trainStep(in);
      h.model.trainStep(in);
      float[] movingMean = vars.readFloats("bn/moving_mean");
      float[] movingVar = vars.readFloats("bn/moving_variance");
      for (int c = 0; c < 3; c++) {
        // Two steps of moving = 0.9 * moving + 0.1 * batch on the same batch.
        assertEquals(mean[c] * (0.1 + 0.9 * 0.1), movingMean[c], 1e-6);
        assertEquals(1 * 0.81 + var[c] * (0.1 + 0.9 * 0.1), movingVar[c], 1e-5);
      }
      assertFalse(java.util.Arrays.equals(gammaBefore, vars.readFloats("bn/gamma")), "gamma is trained");
      h.model.save(dir);
      try (LayerHarness copy = LayerHarness.of(new long[] {-1, 3}, new long[] {-1, 3},
          (nn, i) -> nn.batchNormalization("bn", i, 0.9f, 1e-3f))) {
        copy.model.restore(dir);
        assertArrayEquals(movingMean, copy.variable("bn/moving_mean"), 0f);
        assertArrayEquals(movingVar, copy.variable("bn/moving_variance"), 0f);
        assertArrayEquals(h.run(h.y, Map.of(h.x, in), false), copy.run(copy.y, Map.of(copy.x, in), false), 0f);
      }
    }
  }

  @Test
  void layerNormalizationNormalizesEachExampleOverItsFeatures() {
    float[] x = seq(8, -2f, 0.7f); // [2, 4]
    try (LayerHarness h = LayerHarness.of(new long[] {-1, 4}, new long[] {-1, 4},
            (nn, in) -> nn.layerNormalization("ln", in));
        TFloat32 in = tensor(x, Shape.of(2, 4))) {
      float[] y = h.run(h.y, Map.of(h.x, in), false);
      for (int r = 0; r < 2; r++) {
        double mean = 0;
        double var = 0;
        for (int c = 0; c < 4; c++) {
          mean += x[r * 4 + c] / 4.0;
        }
        for (int c = 0; c < 4; c++) {
          var += Math.pow(x[r * 4 + c] - mean, 2) / 4.0;
        }
        for (int c = 0; c < 4; c++) {
          assertEquals((x[r * 4 + c] - mean) / Math.sqrt(var + 1e-3), y[r * 4 + c], 1e-5);
        }
      }
      h.checkAllGradients(x, Shape.of(2, 4), false, TOL);
    }
  }

  @Test
  void conv1dIsASamePaddedSlidingDotProduct() {
    float[] x = seq(10, 0.5f, -0.2f); // [1, 5, 2]
    try (LayerHarness h = LayerHarness.of(new long[] {-1, 5, 2}, new long[] {-1, 5, 2},
            (nn, in) -> nn.conv1d("conv", in, 2, 3, Activation.LINEAR));
        TFloat32 in = tensor(x, Shape.of(1, 5, 2))) {
      assertEquals(Shape.of(3, 2, 2), h.model.variables().shape("conv/kernel"));
      float[] k = h.variable("conv/kernel");
      float[] y = h.run(h.y, Map.of(h.x, in), false);
      for (int t = 0; t < 5; t++) {
        for (int f = 0; f < 2; f++) {
          double sum = 0;
          for (int j = 0; j < 3; j++) {
            int s = t + j - 1;
            if (s < 0 || s >= 5) {
              continue;
            }
            for (int c = 0; c < 2; c++) {
              sum += x[s * 2 + c] * k[(j * 2 + c) * 2 + f];
            }
          }
          assertEquals(sum, y[t * 2 + f], 1e-5); // bias starts at zero
        }
      }
      h.checkAllGradients(x, Shape.of(1, 5, 2), false, TOL);
    }
  }

  @Test
  void averagePoolingAveragesWindows() {
    float[] x = seq(16, 0f, 1f); // [1, 4, 4, 1]
    try (LayerHarness h = LayerHarness.of(new long[] {-1, 4, 4, 1}, new long[] {-1, 2, 2, 1},
            (nn, in) -> nn.averagePool2d(in, 2));
        TFloat32 in = tensor(x, Shape.of(1, 4, 4, 1))) {
      float[] y = h.run(h.y, Map.of(h.x, in), false);
      for (int r = 0; r < 2; r++) {
        for (int c = 0; c < 2; c++) {
          int i = r * 8 + c * 2;
          assertEquals((x[i] + x[i + 1] + x[i + 4] + x[i + 5]) / 4, y[r * 2 + c], 1e-6);
        }
      }
      h.checkAllGradients(x, Shape.of(1, 4, 4, 1), false, TOL);
    }
    float[] s = seq(12, 1f, 0.5f); // [1, 6, 2] -> [1, 3, 2]
    try (LayerHarness h = LayerHarness.of(new long[] {-1, 6, 2}, new long[] {-1, 3, 2},
            (nn, in) -> nn.averagePool1d(in, 2));
        TFloat32 in = tensor(s, Shape.of(1, 6, 2))) {
      float[] y = h.run(h.y, Map.of(h.x, in), false);
      for (int t = 0; t < 3; t++) {
        for (int c = 0; c < 2; c++) {
          assertEquals((s[(2 * t) * 2 + c] + s[(2 * t + 1) * 2 + c]) / 2, y[t * 2 + c], 1e-6);
        }
      }
      h.checkAllGradients(s, Shape.of(1, 6, 2), false, TOL);
    }
  }

  @Test
  void globalAveragePoolingAveragesEveryStep() {
    float[] x = seq(12, -1f, 0.3f); // [2, 3, 2]
    try (LayerHarness h = LayerHarness.of(new long[] {-1, 3, 2}, new long[] {-1, 2},
            (nn, in) -> nn.globalAveragePool(in));
        TFloat32 in = tensor(x, Shape.of(2, 3, 2))) {
      float[] y = h.run(h.y, Map.of(h.x, in), false);
      for (int b = 0; b < 2; b++) {
        for (int c = 0; c < 2; c++) {
          assertEquals((x[b * 6 + c] + x[b * 6 + 2 + c] + x[b * 6 + 4 + c]) / 3, y[b * 2 + c], 1e-6);
        }
      }
      h.checkAllGradients(x, Shape.of(2, 3, 2), false, TOL);
    }
  }

  @Test
  void maskedGlobalAveragePoolingSkipsPadding() {
    float[] x = seq(12, -1f, 0.3f); // [2, 3, 2]; example 0 has 2 real steps, example 1 has 3
    try (LayerHarness h = LayerHarness.of(TFloat32.class, new long[] {-1, 3, 2}, new long[] {-1, 2},
            Optimizer.sgd(0.1f), (LayerHarness.Body) (tf, nn, in) -> nn.globalAveragePool(
                in.asOutput().expect(TFloat32.class), tf.constant(new float[][] {{1, 1, 0}, {1, 1, 1}})));
        TFloat32 in = tensor(x, Shape.of(2, 3, 2))) {
      float[] y = h.run(h.y, Map.of(h.x, in), false);
      for (int c = 0; c < 2; c++) {
        assertEquals((x[c] + x[2 + c]) / 2, y[c], 1e-6);
        assertEquals((x[6 + c] + x[8 + c] + x[10 + c]) / 3, y[2 + c], 1e-6);
      }
      h.checkAllGradients(x, Shape.of(2, 3, 2), false, TOL);
    }
  }

  @Test
  void concatenationAndResidualAddition() {
    float[] x = seq(6, 0.2f, 0.5f); // [2, 3]
    try (LayerHarness h = LayerHarness.of(new long[] {-1, 3}, new long[] {-1, 9}, (nn, in) -> {
          Operand<TFloat32> residual = nn.add(in, nn.dense("block", in, 3, Activation.TANH));
          return nn.concatenate(-1, in, residual, nn.tanh(in));
        });
        TFloat32 in = tensor(x, Shape.of(2, 3))) {
      float[] k = h.variable("block/kernel");
      float[] y = h.run(h.y, Map.of(h.x, in), false);
      for (int r = 0; r < 2; r++) {
        for (int c = 0; c < 3; c++) {
          double dense = 0;
          for (int j = 0; j < 3; j++) {
            dense += x[r * 3 + j] * k[j * 3 + c];
          }
          assertEquals(x[r * 3 + c], y[r * 9 + c], 0f);
          assertEquals(x[r * 3 + c] + Math.tanh(dense), y[r * 9 + 3 + c], 1e-6);
          assertEquals(Math.tanh(x[r * 3 + c]), y[r * 9 + 6 + c], 1e-6);
        }
      }
      h.checkAllGradients(x, Shape.of(2, 3), false, TOL);
    }
  }

  @Test
  void badShapesAreModelBuildExceptions() {
    ModelBuildException e = assertThrows(ModelBuildException.class, () -> LayerHarness.of(
        new long[] {-1, 3}, new long[] {-1, 5}, (nn, in) -> nn.concatenate(0, in, nn.dense("d", in, 2))));
    assertTrue(e.getMessage().contains("concatenate along axis 0 needs the other dimensions to agree"), e.getMessage());
    e = assertThrows(ModelBuildException.class, () -> LayerHarness.of(
        new long[] {-1, 3}, new long[] {-1, 3}, (nn, in) -> nn.add(in, nn.dense("d", in, 2))));
    assertTrue(e.getMessage().contains("add needs inputs of one shape, got [-1, 3], [-1, 2]"), e.getMessage());
    e = assertThrows(ModelBuildException.class, () -> LayerHarness.of(
        new long[] {-1, 3}, new long[] {-1, 3}, (nn, in) -> nn.conv1d("c", in, 3, 2, Activation.RELU)));
    assertTrue(e.getMessage().contains("conv1d 'c' needs [batch, steps, channels] input of rank 3, got shape [-1, 3]"), e.getMessage());
  }
}
