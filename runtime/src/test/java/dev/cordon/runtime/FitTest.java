package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.data.Dataset;
import dev.cordon.runtime.metrics.Metric;
import dev.cordon.runtime.metrics.Metrics;
import dev.cordon.runtime.train.Callback;
import dev.cordon.runtime.train.CsvLogger;
import dev.cordon.runtime.train.EarlyStopping;
import dev.cordon.runtime.train.EpochLogs;
import dev.cordon.runtime.train.Fit;
import dev.cordon.runtime.train.History;
import dev.cordon.runtime.train.LearningRate;
import dev.cordon.runtime.train.ModelCheckpoint;
import dev.cordon.runtime.train.Optimizer;
import dev.cordon.runtime.train.ReduceLROnPlateau;
import dev.cordon.runtime.train.TensorBoard;
import dev.cordon.runtime.train.TerminateOnNaN;
import dev.cordon.runtime.train.TrainingException;
import dev.cordon.runtime.train.TrainingRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.types.TFloat32;

class FitTest {

  /** Three separable blobs in 4-D: the label is which blob. */
  static float[][] x(int n, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[n][4];
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      for (int j = 0; j < 4; j++) {
        x[i][j] = (float) (r.nextGaussian() * 0.5 + (j == c ? 2 : 0));
      }
    }
    return x;
  }

  static int[] y(int n) {
    return OptimizerTest.labels(n);
  }

  private static float[] weights(MlpModel m) {
    float[] a = m.runtime.variables().readFloats("hidden/kernel");
    float[] b = m.runtime.variables().readFloats("out/kernel");
    float[] all = new float[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void fitReturnsAHistoryOfLossMetricsValidationAndLearningRate() {
    try (MlpModel m = MlpModel.builder().seed(1).optimizer(Optimizer.adam(0.05f)).build()) {
      History h = m.runtime.fit(Fit.epochs(5).batchSize(16).shuffle(3).validationSplit(0.25).quiet()
          .metrics(Metrics.sparseCategoricalAccuracy()), x(120, 1), y(120));
      assertEquals(5, h.size());
      assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"), List.copyOf(h.keys()));
      double[] loss = h.get("loss");
      assertTrue(loss[4] < loss[0], "loss falls: " + h);
      assertTrue(h.last().get("val_accuracy") > 0.9, h.toString());
      assertEquals(0.05, h.last().get("learning_rate"), 1e-7);
      assertTrue(h.last().seconds() > 0);
    }
  }

  @Test
  void evaluateAndBatchedPredictAgreeWithAHandComputation() {
    float[][] x = x(50, 2);
    int[] y = y(50);
    try (MlpModel m = MlpModel.builder().seed(2).build()) {
      m.runtime.fit(Fit.epochs(2).batchSize(8).quiet(), x, y);
      float[][] logits = m.logits(x);
      double loss = 0;
      int right = 0;
      for (int i = 0; i < 50; i++) {
        double max = Double.NEGATIVE_INFINITY;
        int arg = 0;
        for (int c = 0; c < 3; c++) {
          if (logits[i][c] > max) {
            max = logits[i][c];
            arg = c;
          }
        }
        double sum = 0;
        for (int c = 0; c < 3; c++) {
          sum += Math.exp(logits[i][c] - max);
        }
        loss += -(logits[i][y[i]] - max - Math.log(sum)) / 50;
        right += arg == y[i] ? 1 : 0;
      }
      Map<String, Double> eval = m.runtime.evaluate(Dataset.fromArrays(x, y).batch(7), Metrics.sparseCategoricalAccuracy());
      assertEquals(loss, eval.get("loss"), 1e-5);
      assertEquals(right / 50.0, eval.get("accuracy"), 1e-12);
      try (TFloat32 batched = (TFloat32) m.runtime.predict("logits", Dataset.fromArrays(x).batch(7))) {
        float[][] joined = TensorArrays.floats2d(batched);
        for (int i = 0; i < 50; i++) { // other batch sizes: matmul may round differently in the last bit
          assertArrayEquals(logits[i], joined[i], 1e-6f);
        }
      }
    }
  }

  /** Fails like a crash: after the backup of epoch {@code epoch} was written. */
  private static final class CrashAfter implements Callback {
    private final int epoch;

    CrashAfter(int epoch) {
      this.epoch = epoch;
    }

    @Override
    public void onEpochBegin(TrainingRun run, int e) {
      if (e == epoch + 1) {
        throw new IllegalStateException("simulated crash");
      }
    }
  }

  @Test
  void aRunStoppedAndResumedFromItsBackupEndsBitIdenticalToTheUninterruptedRun(@TempDir Path dir) {
    float[][] x = x(90, 3);
    int[] y = y(90);
    Optimizer adam = Optimizer.adam(LearningRate.cosineDecay(0.05f, 3, 20, 0.1f)).clipByGlobalNorm(5f);
    Fit fit = Fit.epochs(5).batchSize(16).shuffle(7).validationSplit(0.2).quiet()
        .metrics(Metrics.sparseCategoricalAccuracy());
    float[] uninterrupted;
    History full;
    try (MlpModel m = MlpModel.builder().seed(4).optimizer(adam).dropout().build()) {
      full = m.runtime.fit(fit.callbacks(ReduceLROnPlateau.monitor("val_loss").patience(0).factor(0.5)), x, y);
      uninterrupted = weights(m);
    }
    Path backup = dir.resolve("backup");
    try (MlpModel m = MlpModel.builder().seed(4).optimizer(adam).dropout().build()) {
      IllegalStateException crash = assertThrows(IllegalStateException.class, () -> m.runtime.fit(
          fit.backupAndRestore(backup).callbacks(ReduceLROnPlateau.monitor("val_loss").patience(0).factor(0.5),
              new CrashAfter(2)), x, y));
      assertEquals("simulated crash", crash.getMessage());
    }
    assertTrue(Files.isRegularFile(backup.resolve("fit-state.properties")));
    History resumed;
    float[] after;
    try (MlpModel m = MlpModel.builder().seed(4).optimizer(adam).dropout().build()) {
      resumed = m.runtime.fit(fit.backupAndRestore(backup)
          .callbacks(ReduceLROnPlateau.monitor("val_loss").patience(0).factor(0.5)), x, y);
      after = weights(m);
    }
    assertArrayEquals(uninterrupted, after, 0f, "bit-identical weights");
    assertEquals(5, resumed.size());
    for (String key : full.keys()) {
      assertArrayEquals(full.get(key), resumed.get(key), 0, key);
    }
    assertFalse(Files.exists(backup), "a completed fit deletes its backup");
  }

  @Test
  void aBackupIsAWeightCheckpointAndOldCheckpointsStayLoadable(@TempDir Path dir) {
    float[][] x = x(30, 5);
    int[] y = y(30);
    Path backup = dir.resolve("backup");
    try (MlpModel m = MlpModel.builder().seed(5).build()) {
      assertThrows(IllegalStateException.class, () -> m.runtime.fit(
          Fit.epochs(3).quiet().backupAndRestore(backup).callbacks(new CrashAfter(0)), x, y));
    }
    try (MlpModel m = MlpModel.builder().seed(6).build()) {
      m.runtime.restore(backup); // weights only, from a training backup
      m.runtime.save(dir.resolve("weights"));
      CheckpointException e = assertThrows(CheckpointException.class,
          () -> m.runtime.restoreTrainingState(dir.resolve("weights"), null));
      assertTrue(e.getMessage().contains("does not match the model"), e.getMessage());
    }
  }

  @Test
  void fitOnOneModelOfASharedGraphLeavesTheOthersBitIdentical() {
    try (SharedGraph shared = SharedGraph.create();
        MlpModel a = MlpModel.builder().graph(shared).scope("a").dropout().build();
        MlpModel b = MlpModel.builder().graph(shared).scope("b").dropout().build()) {
      float[] before = weights(b);
      a.runtime.fit(Fit.epochs(2).batchSize(8).quiet().validationSplit(0.2), x(40, 6), y(40));
      assertArrayEquals(before, weights(b), 0f);
      assertFalse(java.util.Arrays.equals(before, weights(a)));
    }
  }

  @Test
  void badInputIsAClearExceptionNamingTheModel() {
    try (MlpModel m = MlpModel.builder().build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> m.runtime.fit(Fit.epochs(1).quiet(), new float[][] {{1, 2, 3, 4}, {1, 2}}, new int[] {0, 1}));
      assertEquals("Mlp.fit: input 'pixels': ragged array: row [1] has 2 values, but row [0] has 4", e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> m.runtime.fit(Fit.epochs(1).quiet(), x(4, 1), new float[] {0, 1, 2, 0}));
      assertEquals("Mlp.fit: label 'digit' is TInt32, but input 1 of the training data is TFloat32", e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> m.runtime.fit(Fit.epochs(1).quiet(), new float[4][5], y(4)));
      assertEquals("Mlp.fit: input 'pixels' has shape [-1, 4], but the examples of the training data's input 0 "
          + "have shape [5]", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> Fit.epochs(1).batchSize(0));
      assertEquals("batch size must be > 0, got 0", e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> m.runtime.fit(Fit.epochs(1).quiet(), new float[0][4], new int[0]));
      assertEquals("Mlp.fit: the training data is empty", e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> m.runtime.fit(Fit.epochs(1).quiet(), x(4, 1), y(3)));
      assertEquals("Mlp.fit: input 1 has 3 examples, but input 0 has 4 [pixels, digit]", e.getMessage());
      float[][] nan = x(8, 1);
      nan[5][2] = Float.NaN;
      TrainingException t = assertThrows(TrainingException.class,
          () -> m.runtime.fit(Fit.epochs(1).batchSize(4).noShuffle().quiet(), nan, y(8)));
      assertTrue(t.getMessage().startsWith("Mlp.fit: the loss is NaN at epoch 1, batch 2;"), t.getMessage());
    }
    try (MlpModel m = MlpModel.builder().build()) {
      float[][] nan = x(8, 1);
      nan[5][2] = Float.NaN;
      History h = m.runtime.fit(Fit.epochs(3).batchSize(4).noShuffle().quiet().callbacks(new TerminateOnNaN()), nan, y(8));
      assertEquals(0, h.size());
      assertEquals("TerminateOnNaN: loss NaN at epoch 1, batch 2", h.stopReason().orElseThrow());
    }
  }

  @Test
  void earlyStoppingRestoresTheBestWeightsAndCheckpointsKeepThem(@TempDir Path dir) {
    float[][] x = x(60, 8);
    int[] y = y(60);
    // A learning rate so large the validation loss soon stops improving.
    try (MlpModel m = MlpModel.builder().seed(8).optimizer(Optimizer.sgd(3f)).build()) {
      EarlyStopping stop = EarlyStopping.monitor("val_loss").patience(1).restoreBestWeights();
      History h = m.runtime.fit(Fit.epochs(30).batchSize(10).validationSplit(0.3).quiet()
          .callbacks(stop, ModelCheckpoint.best(dir.resolve("best"), "val_loss")), x, y);
      double[] val = h.get("val_loss");
      int best = 0;
      for (int i = 1; i < val.length; i++) {
        if (val[i] < val[best]) {
          best = i;
        }
      }
      assertEquals(best, stop.bestEpoch());
      if (h.size() < 30) {
        assertTrue(h.stopReason().orElseThrow().startsWith("EarlyStopping: val_loss did not improve"));
      }
      float[] restored = weights(m);
      try (MlpModel copy = MlpModel.builder().seed(9).build()) {
        copy.runtime.restore(dir.resolve("best"));
        assertArrayEquals(restored, weights(copy), 0f, "the best checkpoint holds the best epoch's weights");
      }
    }
  }

  @Test
  void reduceLrOnPlateauScalesTheRateInTheGraph() {
    try (MlpModel m = MlpModel.builder().optimizer(Optimizer.sgd(0.1f)).build()) {
      // loss as monitor with min delta 10: never an improvement after the first epoch.
      History h = m.runtime.fit(Fit.epochs(4).quiet().callbacks(
          ReduceLROnPlateau.monitor("loss").patience(1).factor(0.5).minDelta(10).minLearningRate(0.03)), x(30, 1), y(30));
      // Logged at each epoch's end, before the callback lowers it for the next epoch.
      assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.03}, h.get("learning_rate"), 1e-7);
      assertEquals(0.3, m.runtime.learningRateScale(), 1e-6);
    }
  }

  @Test
  void csvLoggerTensorBoardAndProgressOutput(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MlpModel m = MlpModel.builder().build()) {
      m.runtime.fit(Fit.epochs(2).batchSize(8).validationSplit(0.2).progressTo(new PrintStream(bytes, true, "UTF-8"))
          .metrics(Metrics.sparseCategoricalAccuracy())
          .callbacks(new CsvLogger(dir.resolve("log.csv")), TensorBoard.logTo(dir.resolve("tb")).histograms()),
          x(40, 1), y(40));
    }
    List<String> csv = Files.readAllLines(dir.resolve("log.csv"));
    assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds", csv.get(0));
    assertEquals(3, csv.size());
    assertTrue(csv.get(2).startsWith("1,"));
    String progress = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(progress.contains("Mlp epoch 2/2"), progress);
    assertTrue(progress.contains("val_accuracy: "), progress);
    List<String> trainTags = dev.cordon.runtime.train.TensorBoardWriterTest.tags(dir.resolve("tb/train"));
    assertTrue(trainTags.containsAll(List.of("epoch_loss@0", "epoch_loss@1", "epoch_accuracy@1",
        "epoch_learning_rate@1", "hidden/kernel@1")), trainTags.toString());
    List<String> valTags = dev.cordon.runtime.train.TensorBoardWriterTest.tags(dir.resolve("tb/validation"));
    assertTrue(valTags.containsAll(List.of("epoch_loss@0", "epoch_loss@1", "epoch_accuracy@1")), valTags.toString());
  }

  @Test
  void summaryListsLayersShapesAndParameterCounts() {
    try (MlpModel m = MlpModel.builder().build()) {
      String s = m.runtime.summary();
      assertTrue(s.startsWith("Model: Mlp\n"), s);
      assertTrue(s.contains("hidden"), s);
      assertTrue(s.contains("kernel [4, 8]"), s);
      assertTrue(s.contains("Total params: 67"), s);
      assertTrue(s.contains("Non-trainable params: 0"), s);
    }
  }

  @Test
  void aMetricWithoutAnOutputOrLabelIsRefused() {
    Metric mae = Metrics.meanAbsoluteError();
    try (MlpModel m = MlpModel.builder().build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.runtime.fit(
          Fit.epochs(1).quiet().metric(mae, "probabilities", "digit"), x(4, 1), y(4)));
      assertEquals("Mlp: metric mae needs an output; it has no output 'probabilities', only [logits]", e.getMessage());
    }
  }
}
