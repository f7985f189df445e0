package dev.cordon.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.CordonModel;
import dev.cordon.runtime.data.Dataset;
import dev.cordon.runtime.metrics.Metrics;
import dev.cordon.runtime.train.Callback;
import dev.cordon.runtime.train.Fit;
import dev.cordon.runtime.train.History;
import dev.cordon.runtime.train.LearningRate;
import dev.cordon.runtime.train.Optimizer;
import dev.cordon.runtime.train.ReduceLROnPlateau;
import dev.cordon.runtime.train.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A composition's training: exact resume over every member's variables, metrics bound to outputs,
 * members in training mode in fit steps and in inference mode otherwise, and its summary.
 */
class CompositionTrainingTest {

  private static final int N = 48;
  private static final float[][] X = new float[N][4];
  private static final int[] DIGIT = new int[N];
  private static final float[][] TARGET = new float[N][1];

  static {
    Random r = new Random(11);
    for (int i = 0; i < N; i++) {
      DIGIT[i] = i % 3;
      TARGET[i][0] = DIGIT[i] == 0 ? 1 : 0;
      for (int j = 0; j < 4; j++) {
        X[i][j] = (float) (r.nextGaussian() * 0.5 + (j == DIGIT[i] ? 2 : 0));
      }
    }
  }

  private static CordonTwoHeads build(long seed) {
    return CordonTwoHeads.builder().seed(seed)
        .optimizer(Optimizer.adam(LearningRate.cosineDecay(0.05f, 2, 20, 0.1f)).clipByGlobalNorm(5f)).build();
  }

  /** Every variable of every member (moving statistics included), by member and name. */
  private static Map<String, float[]> everyVariable(CordonTwoHeads c) {
    Map<String, float[]> all = new LinkedHashMap<>();
    Map<String, CordonModel> members = new LinkedHashMap<>();
    members.put("features", c.features());
    members.put("classes", c.classes());
    members.put("score", c.score());
    members.put("side", c.side());
    members.forEach((member, m) -> {
      for (String name : m.variables().names()) {
        all.put(member + "/" + name, m.variables().readFloats(name));
      }
    });
    return all;
  }

  private static void assertBitIdentical(Map<String, float[]> expected, Map<String, float[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((name, values) -> assertArrayEquals(values, actual.get(name), 0f, name));
  }

  /** Fails like a crash, once the backup of epoch {@code epoch} (from 0) is written. */
  private static Callback crashAfter(int epoch) {
    return new Callback() {
      @Override
      public void onEpochBegin(TrainingRun run, int e) {
        if (e > epoch) {
          throw new IllegalStateException("simulated crash");
        }
      }
    };
  }

  private static Fit fit() {
    return Fit.epochs(4).batchSize(8).shuffle(5).validationSplit(0.25).quiet()
        .metrics(Metrics.sparseCategoricalAccuracy().forOutput("classesLogits", "digit"),
            Metrics.meanSquaredError().forOutput("scoreScore", "target"));
  }

  @Test
  void aCompositionRunStoppedAtAnyEpochAndResumedEndsBitIdenticalInEveryMember(@TempDir Path dir) {
    Map<String, float[]> initial;
    Map<String, float[]> uninterrupted;
    History full;
    try (CordonTwoHeads c = build(3)) {
      initial = everyVariable(c);
      full = c.fit(X, DIGIT, TARGET, fit().callbacks(ReduceLROnPlateau.monitor("val_loss").patience(0).factor(0.5)));
      uninterrupted = everyVariable(c);
    }
    // The loss trains the SCOPE members (weights and moving statistics), never the BOUNDARY or GRAPH ones.
    assertFalse(java.util.Arrays.equals(initial.get("features/dense/kernel"), uninterrupted.get("features/dense/kernel")));
    assertFalse(java.util.Arrays.equals(initial.get("features/bn/moving_mean"), uninterrupted.get("features/bn/moving_mean")));
    assertFalse(java.util.Arrays.equals(initial.get("classes/out/kernel"), uninterrupted.get("classes/out/kernel")));
    for (String name : initial.keySet()) {
      if (name.startsWith("score/") || name.startsWith("side/")) {
        assertArrayEquals(initial.get(name), uninterrupted.get(name), 0f, name);
      }
    }
    for (int stopAfter = 0; stopAfter < 3; stopAfter++) {
      Path backup = dir.resolve("backup" + stopAfter);
      Callback crash = crashAfter(stopAfter);
      try (CordonTwoHeads c = build(3)) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.fit(X, DIGIT, TARGET,
            fit().backupAndRestore(backup).callbacks(ReduceLROnPlateau.monitor("val_loss").patience(0).factor(0.5),
                crash)));
        assertEquals("simulated crash", e.getMessage());
      }
      if (stopAfter == 1) {
        // The backup's member folders are weight checkpoints each model loads on its own.
        try (CordonNormFeatures alone = CordonNormFeatures.builder().seed(99).build()) {
          alone.restore(backup.resolve("members/features"));
          assertFalse(java.util.Arrays.equals(initial.get("features/dense/kernel"),
              alone.variables().readFloats("dense/kernel")));
        }
      }
      History resumed;
      Map<String, float[]> after;
      try (CordonTwoHeads c = build(3)) {
        resumed = c.fit(X, DIGIT, TARGET, fit().backupAndRestore(backup)
            .callbacks(ReduceLROnPlateau.monitor("val_loss").patience(0).factor(0.5)));
        after = everyVariable(c);
      }
      assertBitIdentical(uninterrupted, after);
      assertEquals(full.keys(), resumed.keys());
      for (String key : full.keys()) {
        assertArrayEquals(full.get(key), resumed.get(key), 0, key + " after a stop at epoch " + (stopAfter + 1));
      }
      assertFalse(Files.exists(backup), "a completed fit deletes its backup");
    }
  }

  @Test
  void metricsReadTheOutputTheyAreBoundToAndAgreeWithAHandComputation() {
    try (CordonTwoHeads c = build(4)) {
      c.fit(X, DIGIT, TARGET, Fit.epochs(2).batchSize(8).quiet());
      float[][] logits = c.classesLogits(X);
      float[][] score = c.scoreScore(X);
      double ce = 0;
      double mse = 0;
      int right = 0;
      for (int i = 0; i < N; i++) {
        double max = Double.NEGATIVE_INFINITY;
        int arg = 0;
        for (int k = 0; k < 3; k++) {
          if (logits[i][k] > max) {
            max = logits[i][k];
            arg = k;
          }
        }
        double sum = 0;
        for (int k = 0; k < 3; k++) {
          sum += Math.exp(logits[i][k] - max);
        }
        ce += -(logits[i][DIGIT[i]] - max - Math.log(sum)) / N;
        right += arg == DIGIT[i] ? 1 : 0;
        double d = score[i][0] - TARGET[i][0];
        mse += d * d / N;
      }
      Map<String, Double> eval = c.evaluate(Dataset.fromArrays(X, DIGIT, TARGET).batch(10),
          Metrics.sparseCategoricalAccuracy().forOutput("classesLogits", "digit"),
          Metrics.meanSquaredError().forOutput("scoreScore", "target"),
          Metrics.meanAbsoluteError().forOutput("scoreScore", "target"));
      assertEquals(List.of("loss", "classesLogits_accuracy", "scoreScore_mse", "scoreScore_mae"), List.copyOf(eval.keySet()));
      assertEquals(right / (double) N, eval.get("classesLogits_accuracy"), 1e-12);
      assertEquals(mse, eval.get("scoreScore_mse"), 1e-6);
      assertEquals(ce + mse, eval.get("loss"), 1e-5);
      History h = c.fit(X, DIGIT, TARGET, fit().validationSplit(0.25));
      assertEquals(List.of("loss", "classesLogits_accuracy", "scoreScore_mse", "val_loss", "val_classesLogits_accuracy",
          "val_scoreScore_mse", "learning_rate"), List.copyOf(h.keys()));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.evaluate(
          Dataset.fromArrays(X, DIGIT, TARGET).batch(10), Metrics.sparseCategoricalAccuracy().forOutput("logits")));
      assertEquals("TwoHeads: metric logits_accuracy reads output 'logits', but TwoHeads has no output of that name; "
          + "its outputs are [featuresFeatures, classesLogits, scoreScore, sideLogits]", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> c.evaluate(Dataset.fromArrays(X, DIGIT, TARGET).batch(10),
          Metrics.sparseCategoricalAccuracy(), Metrics.sparseCategoricalAccuracy()));
      assertTrue(e.getMessage().startsWith("TwoHeads: two metrics are named accuracy;"), e.getMessage());
    }
  }

  private static float[][] dense(float[][] x, float[] kernel, float[] bias, int out) {
    float[][] y = new float[x.length][out];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < out; j++) {
        double s = bias[j];
        for (int k = 0; k < x[i].length; k++) {
          s += (double) x[i][k] * kernel[k * out + j];
        }
        y[i][j] = (float) s;
      }
    }
    return y;
  }

  @Test
  void membersTrainInTrainingModeAndEvaluateAndPredictInInferenceMode() {
    try (CordonTwoHeads c = build(5)) {
      float[] kernel = c.features().variables().readFloats("dense/kernel");
      float[] bias = c.features().variables().readFloats("dense/bias");
      float[][] first = java.util.Arrays.copyOf(X, 8);
      float[][] h = dense(first, kernel, bias, 6);
      double[] mean = new double[6];
      double[] variance = new double[6];
      for (float[] row : h) {
        for (int j = 0; j < 6; j++) {
          row[j] = (float) Math.tanh(row[j]);
          mean[j] += row[j] / 8.0;
        }
      }
      for (float[] row : h) {
        for (int j = 0; j < 6; j++) {
          variance[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / 8.0;
        }
      }
      Map<String, float[]> scoreBefore = everyVariable(c);
      c.trainStep(first, java.util.Arrays.copyOf(DIGIT, 8), java.util.Arrays.copyOf(TARGET, 8));
      // A training step moves the SCOPE member's moving statistics towards the batch's (momentum 0.99) ...
      float[] movingMean = c.features().variables().readFloats("bn/moving_mean");
      float[] movingVariance = c.features().variables().readFloats("bn/moving_variance");
      for (int j = 0; j < 6; j++) {
        assertEquals(0.01 * mean[j], movingMean[j], 1e-6, "moving mean " + j);
        assertEquals(0.99 + 0.01 * variance[j], movingVariance[j], 1e-6, "moving variance " + j);
      }
      // ... and leaves the BOUNDARY member's alone: the composition does not train it.
      assertArrayEquals(scoreBefore.get("score/bn/moving_mean"), c.score().variables().readFloats("bn/moving_mean"), 0f);

      c.fit(X, DIGIT, TARGET, Fit.epochs(2).batchSize(8).quiet().validationSplit(0.25));
      Map<String, float[]> trained = everyVariable(c);
      c.evaluate(Dataset.fromArrays(X, DIGIT, TARGET).batch(16), Metrics.sparseCategoricalAccuracy());
      try (var batched = c.featuresFeatures(dev.cordon.runtime.TensorArrays.of(X))) {
        assertEquals(N, batched.shape().get(0));
      }
      assertBitIdentical(trained, everyVariable(c)); // evaluate and predictions change nothing

      // Predictions are the inference-mode numbers: the moving statistics, no dropout.
      float[][] f = dense(X, trained.get("features/dense/kernel"), trained.get("features/dense/bias"), 6);
      float[] gamma = trained.get("features/bn/gamma");
      float[] beta = trained.get("features/bn/beta");
      float[] mm = trained.get("features/bn/moving_mean");
      float[] mv = trained.get("features/bn/moving_variance");
      for (float[] row : f) {
        for (int j = 0; j < 6; j++) {
          row[j] = (float) (gamma[j] * (Math.tanh(row[j]) - mm[j]) / Math.sqrt(mv[j] + 1e-3) + beta[j]);
        }
      }
      float[][] logits = dense(f, trained.get("classes/out/kernel"), trained.get("classes/out/bias"), 3);
      float[][] predicted = c.classesLogits(X);
      float[][] features = c.featuresFeatures(X);
      for (int i = 0; i < N; i++) {
        assertArrayEquals(f[i], features[i], 1e-5f, "features of example " + i);
        assertArrayEquals(logits[i], predicted[i], 1e-5f, "logits of example " + i);
      }
    }
  }

  @Test
  void aScopeMemberTheLossDoesNotReadKeepsItsMovingStatistics() {
    try (CordonSpareBranch c = CordonSpareBranch.builder().seed(7).build()) {
      float[] spareMean = c.spare().variables().readFloats("bn/moving_mean");
      float[] featuresMean = c.features().variables().readFloats("bn/moving_mean");
      c.trainStep(X, DIGIT); // takes only what the loss reads: the spare member's input is not fed
      // fit and evaluate take what the generated methods pass: the loss's inputs and the labels
      c.fit(X, DIGIT, Fit.epochs(1).batchSize(16).quiet().metrics(Metrics.sparseCategoricalAccuracy()
          .forOutput("classesLogits")));
      assertTrue(c.evaluate(Dataset.fromArrays(X, DIGIT).batch(16)).containsKey("loss"));
      assertArrayEquals(spareMean, c.spare().variables().readFloats("bn/moving_mean"), 0f);
      assertFalse(java.util.Arrays.equals(featuresMean, c.features().variables().readFloats("bn/moving_mean")));
    }
  }

  @Test
  void summaryListsMembersLayersShapesAndParameterCounts() {
    try (CordonTwoHeads c = build(6)) {
      String s = c.inspect().summary();
      String rule = "=".repeat(78);
      assertEquals(String.join("\n",
          "Composition: TwoHeads",
          rule,
          "Member / layer               Variables                                  Params",
          rule,
          "features (NormFeatures, scope features, SCOPE, trained by the composition's loss)",
          "  dense                      kernel [4, 6]                                  30",
          "                             bias [6]                                         ",
          "  bn                         gamma [6]                                      24",
          "                             beta [6]                                         ",
          "                             moving_mean [6] (non-trainable)                  ",
          "                             moving_variance [6] (non-trainable)              ",
          "  54 params (42 trainable)",
          "classes (ClassHead, scope classes, SCOPE, trained by the composition's loss)",
          "  out                        kernel [6, 3]                                  21",
          "                             bias [3]                                         ",
          "  21 params (21 trainable)",
          "score (ScoreHead, scope score, BOUNDARY, not trained by the composition's loss)",
          "  bn                         gamma [6]                                      24",
          "                             beta [6]                                         ",
          "                             moving_mean [6] (non-trainable)                  ",
          "                             moving_variance [6] (non-trainable)              ",
          "  out                        kernel [6, 1]                                   7",
          "                             bias [1]                                         ",
          "  31 params (19 trainable)",
          "side (ClassHead, scope classes, GRAPH, not trained by the composition's loss)",
          "  out                        kernel [6, 3]                                  21",
          "                             bias [3]                                         ",
          "  21 params (21 trainable)",
          rule,
          "Total params: 127",
          "Trainable params: 103",
          "Non-trainable params: 24",
          "Trained by the composition's loss: 63",
          ""), s);
      // The counts are the members' own: each model's summary agrees.
      assertTrue(c.features().summary().contains("Total params: 54\nTrainable params: 42\n"), c.features().summary());
    }
  }
}
