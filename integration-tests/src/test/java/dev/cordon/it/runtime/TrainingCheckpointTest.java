package dev.cordon.it.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.CheckpointException;
import dev.cordon.runtime.CordonModel;
import dev.cordon.runtime.train.LearningRate;
import dev.cordon.runtime.train.Optimizer;
import dev.cordon.runtime.train.TrainingCheckpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weights with optimizer state as bytes: an exact resume, and refusals that change nothing. */
class TrainingCheckpointTest {

  static final float[][] X = OptimizerTest.data(32, 4, 1);
  static final int[] Y = OptimizerTest.labels(32);

  static CordonMlp adamMlp(String scope) {
    // A decaying schedule: a restored step counter is visible in the next steps' sizes.
    return CordonMlp.builder().seed(3).scope(scope)
        .optimizer(Optimizer.adam(LearningRate.exponentialDecay(0.05f, 2, 0.5f))).build();
  }

  static List<float[]> weights(CordonModel m) {
    List<float[]> out = new ArrayList<>();
    for (String name : m.variables().names()) {
      out.add(m.variables().readFloats(name));
    }
    return out;
  }

  static void assertSameWeights(List<float[]> expected, List<float[]> actual) {
    assertTrue(expected.size() == actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "variable " + i);
    }
  }

  static boolean sameWeights(List<float[]> a, List<float[]> b) {
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Test
  void aRestoredAdamModelContinuesBitIdenticallyWhereWeightsAloneDoNot(@TempDir Path dir) {
    try (CordonMlp trained = adamMlp("a/mlp"); CordonMlp resumed = adamMlp("b/mlp");
        CordonMlp weightsOnly = adamMlp("c/mlp")) {
      for (int i = 0; i < 3; i++) {
        trained.trainStep(X, Y);
      }
      byte[] state = TrainingCheckpoint.save(trained);
      trained.save(dir.resolve("weights"));
      for (int i = 0; i < 3; i++) {
        trained.trainStep(X, Y);
      }

      TrainingCheckpoint.restore(resumed, state); // saved under another scope: same class is enough
      weightsOnly.restore(dir.resolve("weights"));
      for (int i = 0; i < 3; i++) {
        resumed.trainStep(X, Y);
        weightsOnly.trainStep(X, Y);
      }
      assertSameWeights(weights(trained), weights(resumed));
      assertFalse(sameWeights(weights(trained), weights(weightsOnly)),
          "without the slots and step Adam's next steps differ: the test would catch a lost slot");

      // The same bytes, restored again after more training, rewind the model exactly.
      TrainingCheckpoint.restore(resumed, state);
      for (int i = 0; i < 3; i++) {
        resumed.trainStep(X, Y);
      }
      assertSameWeights(weights(trained), weights(resumed));
    }
  }

  @Test
  void bytesOfAnotherModelOrDamagedBytesAreRefusedAndChangeNothing() {
    try (CordonMlp mlp = adamMlp("mlp"); CordonLinear linear = CordonLinear.builder()
        .optimizer(Optimizer.adam(0.1f)).build()) {
      mlp.trainStep(X, Y);
      byte[] state = TrainingCheckpoint.save(mlp);
      List<float[]> before = weights(linear);
      CheckpointException other = assertThrows(CheckpointException.class,
          () -> TrainingCheckpoint.restore(linear, state));
      assertTrue(other.getMessage().contains("saved by Mlp"), other.getMessage());
      assertSameWeights(before, weights(linear));

      List<float[]> mlpBefore = weights(mlp);
      byte[] truncated = Arrays.copyOf(state, state.length / 2);
      assertThrows(CheckpointException.class, () -> TrainingCheckpoint.restore(mlp, truncated));
      assertThrows(CheckpointException.class, () -> TrainingCheckpoint.restore(mlp, new byte[] {1, 2}));
      assertSameWeights(mlpBefore, weights(mlp));
    }
  }

  @Test
  void aModelWithoutALossHasNoTrainingStateAndAClosedModelIsRefused() {
    try (CordonOnlyB noLoss = CordonOnlyB.builder().build()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> TrainingCheckpoint.save(noLoss));
      assertTrue(e.getMessage().contains("no @Loss"), e.getMessage());
    }
    CordonMlp closed = adamMlp("mlp");
    byte[] state = TrainingCheckpoint.save(closed);
    closed.close();
    assertThrows(IllegalStateException.class, () -> TrainingCheckpoint.save(closed));
    assertThrows(IllegalStateException.class, () -> TrainingCheckpoint.restore(closed, state));
  }
}
