package dev.cordon.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.data.Dataset;
import dev.cordon.runtime.metrics.Metrics;
import dev.cordon.runtime.train.Fit;
import dev.cordon.runtime.train.History;
import dev.cordon.runtime.train.Optimizer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;

/** The generated fit, evaluate, batched prediction and summary of a processed model. */
class GeneratedFitTest {

  /** y = 2 x1 - x2 + 0.5 on a grid. */
  private static final float[][] X = new float[64][];
  private static final float[][] Y = new float[64][];

  static {
    for (int i = 0; i < 64; i++) {
      float a = (i % 8) / 4f - 1;
      float b = (i / 8) / 4f - 1;
      X[i] = new float[] {a, b};
      Y[i] = new float[] {2 * a - b + 0.5f};
    }
  }

  @Test
  void fitLearnsALinearFunctionAndEvaluateAgrees() {
    try (CordonRegression m = CordonRegression.builder().optimizer(Optimizer.adam(0.05f)).build()) {
      History h = m.fit(X, Y, Fit.epochs(40).batchSize(16).shuffle(1).quiet().metrics(Metrics.meanAbsoluteError()));
      assertEquals(40, h.size());
      assertTrue(h.last().get("loss") < 1e-3, h.last().toString());
      assertArrayEquals(new float[] {2, -1}, m.variables().readFloats("w"), 0.05f);
      Map<String, Double> eval = m.evaluate(Dataset.fromArrays(X, Y).batch(10), Metrics.meanSquaredError());
      assertEquals(eval.get("loss"), eval.get("mse"), 1e-6);
      try (TFloat32 y = m.y(Dataset.fromArrays(X).batch(10))) {
        assertEquals(64, y.shape().get(0));
      }
      assertTrue(m.summary().contains("Total params: 3"), m.summary());
    }
  }
}
