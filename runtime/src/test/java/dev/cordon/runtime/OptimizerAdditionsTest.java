package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.train.LearningRate;
import dev.cordon.runtime.train.Optimizer;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Learning-rate schedules, gradient clipping and AdamW, checked against hand computation. */
class OptimizerAdditionsTest {

  private static final float[][] X = {{1, 2}, {3, -1}, {0.5f, 4}};
  private static final float[][] T = {{1}, {2}, {-1}};

  @Test
  void schedulesInJavaMatchTheirDefinitions() {
    LearningRate step = LearningRate.stepDecay(0.1f, 10, 0.5f);
    assertEquals(0.1, step.at(0), 1e-7);
    assertEquals(0.1, step.at(9), 1e-7);
    assertEquals(0.05, step.at(10), 1e-7);
    assertEquals(0.025, step.at(25), 1e-7);
    LearningRate exp = LearningRate.exponentialDecay(0.1f, 100, 0.96f);
    assertEquals(0.1f * Math.pow(0.96, 0.5), exp.at(50), 1e-7);
    LearningRate cos = LearningRate.cosineDecay(1f, 4, 10, 0.1f);
    assertEquals(0.0, cos.at(0), 1e-7);
    assertEquals(0.5, cos.at(2), 1e-7);
    assertEquals(1.0, cos.at(4), 1e-7);
    assertEquals(0.1 + 0.9 * 0.5, cos.at(9), 1e-7); // half-way through the decay
    assertEquals(0.1, cos.at(14), 1e-7);
    assertEquals(0.1, cos.at(1000), 1e-7);
  }

  @Test
  void scheduleIsEvaluatedInTheGraphAtEveryStep() {
    for (LearningRate schedule : new LearningRate[] {
        LearningRate.stepDecay(0.05f, 2, 0.5f),
        LearningRate.exponentialDecay(0.05f, 3, 0.5f),
        LearningRate.cosineDecay(0.05f, 2, 4, 0.2f)}) {
      try (LinearModel m = LinearModel.builder().optimizer(Optimizer.sgd(schedule)).build()) {
        double[] w = {1, 1};
        double[] b = {0};
        for (int step = 0; step < 8; step++) {
          m.trainStep(X, T);
          sgdStep(w, b, schedule.at(step), g -> g);
        }
        assertArrayEquals(new float[] {(float) w[0], (float) w[1]}, m.w(), 1e-5f, schedule.toString());
      }
    }
  }

  @Test
  void stepCounterAndScaleLiveInTheModelsScope() {
    try (SharedGraph shared = SharedGraph.create();
        LinearModel m = LinearModel.builder().graph(shared).scope("reg")
            .optimizer(Optimizer.adam(LearningRate.cosineDecay(0.1f, 10, 0f))).build()) {
      assertNotNull(shared.graph().operation("reg/cordon.train/Adam/iterations"));
      assertNotNull(shared.graph().operation("reg/cordon.train/Adam/learning_rate.scale"));
      assertNotNull(shared.graph().operation("reg/cordon.train/Adam/learning_rate/value"));
      // Not weights: a checkpoint holds only w and b.
      assertEquals(java.util.List.of("w", "b"), m.runtime.variables().names());
    }
  }

  @Test
  void clipByValueBoundsEveryGradientElement() {
    try (LinearModel m = LinearModel.builder().optimizer(Optimizer.sgd(1f).clipByValue(0.01f)).build()) {
      double[] w = {1, 1};
      double[] b = {0};
      for (int i = 0; i < 3; i++) {
        m.trainStep(X, T);
        sgdStep(w, b, 1, g -> Math.max(-0.01, Math.min(0.01, g)));
      }
      assertArrayEquals(new float[] {(float) w[0], (float) w[1]}, m.w(), 1e-6f);
    }
  }

  @Test
  void clipByNormRescalesEachVariableOnItsOwn() {
    try (LinearModel m = LinearModel.builder().optimizer(Optimizer.sgd(0.1f).clipByNorm(0.5f)).build()) {
      double[] w = {1, 1};
      double[] b = {0};
      m.trainStep(X, T);
      double[][] g = gradients(w, b);
      double nw = Math.hypot(g[0][0], g[0][1]);
      assertTrue(nw > 0.5, "the test needs a gradient above the limit: " + nw);
      double scale = 0.5 / nw;
      assertArrayEquals(
          new float[] {(float) (1 - 0.1 * g[0][0] * scale), (float) (1 - 0.1 * g[0][1] * scale)}, m.w(), 1e-6f);
      double nb = Math.abs(g[1][0]);
      double expectedB = -0.1 * g[1][0] * (nb > 0.5 ? 0.5 / nb : 1);
      assertEquals((float) expectedB, m.runtime.variables().readFloats("b")[0], 1e-6f);
    }
  }

  @Test
  void clipByGlobalNormRescalesAllGradientsTogether() {
    try (LinearModel m = LinearModel.builder().optimizer(Optimizer.sgd(0.1f).clipByGlobalNorm(1f)).build()) {
      double[] w = {1, 1};
      double[] b = {0};
      m.trainStep(X, T);
      double[][] g = gradients(w, b);
      double global = Math.sqrt(g[0][0] * g[0][0] + g[0][1] * g[0][1] + g[1][0] * g[1][0]);
      assertTrue(global > 1);
      double scale = 1 / global;
      assertArrayEquals(
          new float[] {(float) (1 - 0.1 * g[0][0] * scale), (float) (1 - 0.1 * g[0][1] * scale)}, m.w(), 1e-6f);
      assertEquals((float) (-0.1 * g[1][0] * scale), m.runtime.variables().readFloats("b")[0], 1e-6f);
    }
  }

  @Test
  void adamWDecaysTheWeightsBeforeTheAdamStep() {
    // Step 1: w = 1 - lr * wd * 1 = 0.95, then Adam's bias-corrected first step moves it by lr.
    try (LinearModel m = LinearModel.builder().optimizer(Optimizer.adamW(0.1f, 0.5f)).build()) {
      m.trainStep(X, T);
      double[][] g = gradients(new double[] {1, 1}, new double[] {0});
      float[] expected = {(float) (0.95 - 0.1 * Math.signum(g[0][0])), (float) (0.95 - 0.1 * Math.signum(g[0][1]))};
      assertArrayEquals(expected, m.w(), 1e-5f);
      assertEquals((float) (-0.1 * Math.signum(g[1][0])), m.runtime.variables().readFloats("b")[0], 1e-5f);
    }
  }

  @Test
  void schedulesClippingAndAdamWStayBitIdenticalForTheSameSeed() {
    Optimizer[] optimizers = {
        Optimizer.adamW(LearningRate.cosineDecay(0.01f, 3, 20, 0.1f), 0.01f, 0.9f, 0.999f, 1e-7f)
            .clipByGlobalNorm(0.5f),
        Optimizer.momentum(LearningRate.exponentialDecay(0.1f, 5, 0.5f), 0.9f).clipByNorm(0.2f),
        Optimizer.rmsProp(LearningRate.stepDecay(0.01f, 4, 0.5f)).clipByValue(0.05f)};
    for (Optimizer optimizer : optimizers) {
      float[] a = train(optimizer, 11);
      float[] b = train(optimizer, 11);
      assertArrayEquals(a, b, 0f, optimizer.toString());
    }
  }

  @Test
  void invalidSettingsAreRefused() {
    assertEquals("step decay factor must be in (0, 1], got 2.0",
        assertThrows(IllegalArgumentException.class, () -> LearningRate.stepDecay(0.1f, 5, 2f)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> LearningRate.cosineDecay(0.1f, 0, 0.1f));
    assertThrows(IllegalArgumentException.class, () -> LearningRate.constant(0f));
    assertEquals("clipByNorm limit must be a positive finite number, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> Optimizer.sgd(0.1f).clipByNorm(0f)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Optimizer.adamW(0.1f, -1f));
  }

  private static float[] train(Optimizer optimizer, long seed) {
    float[][] x = OptimizerTest.data(64, 4, 3);
    int[] labels = OptimizerTest.labels(64);
    try (MlpModel m = MlpModel.builder().seed(seed).optimizer(optimizer).dropout().build()) {
      for (int i = 0; i < 15; i++) {
        m.trainStep(x, labels);
      }
      return m.runtime.variables().readFloats("hidden/kernel");
    }
  }

  /** d mean((xw + b - t)^2) / dw and / db. */
  private static double[][] gradients(double[] w, double[] b) {
    double[] gw = new double[2];
    double gb = 0;
    for (int i = 0; i < X.length; i++) {
      double err = X[i][0] * w[0] + X[i][1] * w[1] + b[0] - T[i][0];
      gw[0] += 2 * err * X[i][0] / X.length;
      gw[1] += 2 * err * X[i][1] / X.length;
      gb += 2 * err / X.length;
    }
    return new double[][] {gw, {gb}};
  }

  private static void sgdStep(double[] w, double[] b, double lr, DoubleUnaryOperator clip) {
    double[][] g = gradients(w, b);
    w[0] -= lr * clip.applyAsDouble(g[0][0]);
    w[1] -= lr * clip.applyAsDouble(g[0][1]);
    b[0] -= lr * clip.applyAsDouble(g[1][0]);
  }
}
