package dev.cordon.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.TensorArrays;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Every metric against a hand computation, streamed over two batches from real tensors. */
class MetricsTest {

  private static void update(Metric m, int[] labels, float[][] predictions) {
    try (TInt32 y = TensorArrays.of(labels); TFloat32 p = TensorArrays.of(predictions)) {
      m.update(y, p);
    }
  }

  private static void update(Metric m, float[] labels, float[] predictions) {
    try (TFloat32 y = TensorArrays.of(labels); TFloat32 p = TensorArrays.of(predictions)) {
      m.update(y, p);
    }
  }

  @Test
  void sparseAndOneHotAccuracy() {
    Metric sparse = Metrics.sparseCategoricalAccuracy();
    update(sparse, new int[] {0, 2, 1}, new float[][] {{3, 1, 0}, {0, 1, 2}, {5, 4, 3}}); // right, right, wrong
    update(sparse, new int[] {1}, new float[][] {{0, 9, 1}}); // right
    assertEquals(3.0 / 4, sparse.result(), 0);
    assertEquals("accuracy", sparse.name());
    Metric oneHot = Metrics.categoricalAccuracy();
    try (TFloat32 y = TensorArrays.of(new float[][] {{1, 0}, {0, 1}, {0, 1}});
        TFloat32 p = TensorArrays.of(new float[][] {{0.9f, 0.1f}, {0.8f, 0.2f}, {0.3f, 0.7f}})) {
      oneHot.update(y, p);
    }
    assertEquals(2.0 / 3, oneHot.result(), 1e-12);
    sparse.reset();
    assertEquals(0, sparse.result(), 0);
  }

  @Test
  void topKCountsTiesAtTheBoundaryAsInTheTopK() {
    Metric top2 = Metrics.sparseTopKCategoricalAccuracy(2);
    update(top2, new int[] {2, 0, 1, 3},
        new float[][] {{4, 3, 2, 1}, {1, 2, 3, 4}, {1, 5, 5, 0}, {1, 2, 2, 2}});
    // ex0: label 2 is third (no); ex1: label 0 last (no); ex2: label 1 tied first (yes);
    // ex3: label 3 tied with two others at 2, one class greater... none greater -> yes.
    assertEquals(0.5, top2.result(), 0);
    assertEquals("top2_accuracy", top2.name());
  }

  @Test
  void precisionRecallAndBinaryAccuracy() {
    float[] y1 = {1, 0, 1, 1, 0};
    float[] p1 = {0.9f, 0.6f, 0.4f, 0.7f, 0.1f}; // TP, FP, FN, TP, TN
    float[] y2 = {0, 1};
    float[] p2 = {0.8f, 0.95f}; // FP, TP
    Metric precision = Metrics.precision();
    Metric recall = Metrics.recall();
    Metric accuracy = Metrics.binaryAccuracy();
    for (Metric m : new Metric[] {precision, recall, accuracy}) {
      update(m, y1, p1);
      update(m, y2, p2);
    }
    assertEquals(3.0 / 5, precision.result(), 1e-12); // TP 3, FP 2
    assertEquals(3.0 / 4, recall.result(), 1e-12); // TP 3, FN 1
    assertEquals(4.0 / 7, accuracy.result(), 1e-12); // TP 3 + TN 1 of 7
    Metric strict = Metrics.precision(0.75);
    update(strict, y1, p1);
    assertEquals(1.0, strict.result(), 0); // only 0.9 is positive, and right
  }

  @Test
  void aucMatchesTheExactAreaWhenThresholdsSeparateThePredictions() {
    // Exact ROC AUC = P(score of a positive > score of a negative): pairs (pos, neg).
    float[] y = {1, 1, 1, 0, 0, 0, 0};
    float[] p = {0.9f, 0.55f, 0.3f, 0.6f, 0.2f, 0.1f, 0.35f};
    int wins = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = 3; j < 7; j++) {
        wins += p[i] > p[j] ? 1 : 0;
      }
    }
    Metric auc = Metrics.auc();
    update(auc, new float[] {1, 1, 1, 0}, new float[] {0.9f, 0.55f, 0.3f, 0.6f});
    update(auc, new float[] {0, 0, 0}, new float[] {0.2f, 0.1f, 0.35f});
    assertEquals(wins / 12.0, auc.result(), 1e-9);
    Metric perfect = Metrics.auc();
    update(perfect, new float[] {0, 1}, new float[] {0.2f, 0.8f});
    assertEquals(1.0, perfect.result(), 1e-9);
    Metric coarse = Metrics.auc(3); // thresholds -eps, 0.5, 1+eps: one point at FPR 1/4, TPR 2/3
    update(coarse, y, p);
    assertEquals((1 - 0.25) * (1 + 2.0 / 3) / 2 + 0.25 * (2.0 / 3) / 2, coarse.result(), 1e-9);
  }

  @Test
  void meanAbsoluteAndSquaredErrorOverEveryElement() {
    Metric mae = Metrics.meanAbsoluteError();
    Metric mse = Metrics.meanSquaredError();
    for (Metric m : new Metric[] {mae, mse}) {
      try (TFloat32 y = TensorArrays.of(new float[][] {{1, 2}, {3, 4}});
          TFloat32 p = TensorArrays.of(new float[][] {{1.5f, 2}, {2, 6}})) {
        m.update(y, p);
      }
      update(m, new float[] {0}, new float[] {-1});
    }
    assertEquals((0.5 + 0 + 1 + 2 + 1) / 5, mae.result(), 1e-12);
    assertEquals((0.25 + 0 + 1 + 4 + 1) / 5, mse.result(), 1e-12);
  }

  @Test
  void badBatchesNameTheMetric() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> update(Metrics.sparseCategoricalAccuracy(), new int[] {0, 1}, new float[][] {{1, 2}}));
    assertEquals("metric accuracy: needs one integer label per example: 1 predictions, labels of shape [2]",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> update(Metrics.sparseCategoricalAccuracy(), new int[] {5}, new float[][] {{1, 2}}));
    assertTrue(e.getMessage().contains("label 5.0 of example 0 is not a class in [0, 2)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> update(Metrics.precision(), new float[] {2}, new float[] {0.5f}));
    assertEquals("metric precision: labels must be 0 or 1, got 2.0 at element 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Metrics.sparseTopKCategoricalAccuracy(0));
  }

  @Test
  void aMetricBoundToAnOutputIsNamedAfterItAndComputesAsTheMetric() {
    Metric plain = Metrics.sparseCategoricalAccuracy();
    Metric bound = Metrics.sparseCategoricalAccuracy().forOutput("polarity", "sentiment");
    assertEquals("polarity_accuracy", bound.name());
    assertEquals("polarity", bound.output().orElseThrow());
    assertEquals("sentiment", bound.label().orElseThrow());
    assertTrue(plain.output().isEmpty() && plain.label().isEmpty());
    for (Metric m : new Metric[] {plain, bound}) {
      update(m, new int[] {0, 2, 1}, new float[][] {{3, 1, 0}, {0, 1, 2}, {5, 4, 3}});
    }
    assertEquals(plain.result(), bound.result(), 0);
    Metric copy = bound.copy();
    assertEquals(0, copy.result(), 0);
    assertEquals("polarity", copy.output().orElseThrow());
    Metric renamed = Metrics.named("polarity_acc", bound);
    assertEquals("polarity_acc", renamed.name());
    assertEquals("sentiment", renamed.label().orElseThrow());
    assertTrue(Metrics.meanSquaredError().forOutput("score").label().isEmpty());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plain.forOutput(""));
    assertEquals("metric accuracy: forOutput needs an output name", e.getMessage());
  }
}
