package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cordon.runtime.train.Optimizer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Optimizer arguments (training generated models: the integration tests' OptimizerTest). */
class OptimizerTest {

  @Test
  void invalidHyperParametersAreRefused() {
    assertEquals("SGD learning rate must be a positive finite number, got -1.0",
        assertThrows(IllegalArgumentException.class, () -> Optimizer.sgd(-1f)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Optimizer.momentum(0.1f, 1f));
    assertThrows(IllegalArgumentException.class, () -> Optimizer.adam(0.1f, 0.9f, 1.5f, 1e-7f));
    assertThrows(IllegalArgumentException.class, () -> Optimizer.rmsProp(Float.NaN));
  }

  static float[][] data(int n, int features, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[n][features];
    for (float[] row : x) {
      for (int j = 0; j < features; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    return x;
  }

  static int[] labels(int n) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
    }
    return y;
  }
}
