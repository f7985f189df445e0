package dev.cordon.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.CordonDigitClassifier;
import com.acme.DigitClassifier;
import dev.cordon.runtime.CheckpointException;
import dev.cordon.runtime.CordonModel;
import dev.cordon.runtime.ModelBuildException;
import dev.cordon.runtime.SharedGraph;
import dev.cordon.runtime.TensorArrays;
import dev.cordon.runtime.train.Optimizer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.GraphOperation;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/** The generated classes, run against real TensorFlow. */
class GeneratedModelTest {

  private static final float[][] X = {{1, 2}, {3, 4}};
  private static final float[][] TARGET = {{1}, {2}};

  @TempDir Path dir;

  @Test
  void generatedClassExtendsTheDeclarationAndImplementsCordonModel() {
    try (CordonRegression m = CordonRegression.builder().build()) {
      Regression declared = m;
      CordonModel model = m;
      assertNotNull(declared.w());
      assertEquals("regression", model.scope());
    }
  }

  @Test
  void typedPredictionsMatchHandComputation() {
    try (CordonRegression m = CordonRegression.builder().build()) {
      // w = ones, b = zeros: y = x1 + x2.
      assertArrayEquals(new float[][] {{3}, {7}}, m.y(X));
      try (TFloat32 in = TensorArrays.of(X); TFloat32 out = m.y(in)) {
        assertEquals(7f, out.getFloat(1, 0));
      }
    }
  }

  @Test
  void trainStepMatchesHandComputedGradientDescent() {
    try (CordonRegression m = CordonRegression.builder().optimizer(Optimizer.sgd(0.01f)).build()) {
      // loss = mean((3-1)^2, (7-2)^2) = 14.5; dL/dw = x^T [2, 5] = [17, 24]; dL/db = 7.
      assertEquals(14.5f, m.trainStep(X, TARGET), 1e-6f);
      assertArrayEquals(new float[] {0.83f, 0.76f}, m.variables().readFloats("w"), 1e-6f);
      assertArrayEquals(new float[] {-0.07f}, m.variables().readFloats("b"), 1e-6f);
    }
  }

  @Test
  void runReturnsEveryOutputAndTheHolderOwnsThem() {
    try (CordonDigitClassifier m = CordonDigitClassifier.builder().seed(3).build();
        TFloat32 pixels = TensorArrays.of(new float[2][784]);
        CordonDigitClassifier.Outputs out = m.run(pixels)) {
      assertEquals(10, out.logits().shape().get(1));
      // Zero pixels and zero bias: every logit is 0, argmax picks class 0.
      assertArrayEquals(new int[] {0, 0}, TensorArrays.ints1d(out.digitGuess()));
    }
  }

  @Test
  void outputsAreBuiltOnceEvenWhenTheLossCallsThem() {
    try (SharedGraph shared = SharedGraph.create();
        CordonDigitClassifier m = CordonDigitClassifier.builder().graph(shared).build()) {
      int matMuls = 0;
      for (Iterator<GraphOperation> it = shared.graph().operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (op.type().equals("MatMul") && !op.name().contains("cordon.train")) {
          matMuls++;
        }
      }
      assertEquals(1, matMuls, "logits(tf) is called by digitGuess and loss but built once");
    }
  }

  @Test
  void twoInstancesWithIdenticalVariableNamesStayApartInOneJvm() {
    try (CordonRegression a = CordonRegression.builder().optimizer(Optimizer.sgd(0.01f)).build();
        CordonRegression b = CordonRegression.builder().build()) {
      a.trainStep(X, TARGET);
      assertArrayEquals(new float[] {1, 1}, b.variables().readFloats("w"), 0f);
      assertArrayEquals(new float[] {0.83f, 0.76f}, a.variables().readFloats("w"), 1e-6f);
    }
  }

  @Test
  void twoInstancesStayApartInOneGraph() {
    try (SharedGraph shared = SharedGraph.create();
        CordonDigitClassifier a = CordonDigitClassifier.builder().graph(shared).scope("team_a").seed(1).build();
        CordonDigitClassifier b = CordonDigitClassifier.builder().graph(shared).scope("team_b").seed(1).build()) {
      float[][] pixels = new float[4][784];
      for (int i = 0; i < 4; i++) {
        pixels[i][i * 7] = 1f;
      }
      int[] digits = {1, 2, 3, 4};
      float[] before = b.variables().readFloats("kernel");
      assertArrayEquals(before, a.variables().readFloats("kernel"), 0f, "same seed, same initial weights");
      for (int i = 0; i < 10; i++) {
        a.trainStep(pixels, digits);
      }
      assertArrayEquals(before, b.variables().readFloats("kernel"), 0f);
      assertTrue(a.variables().readFloats("kernel")[0] != before[0] || a.variables().readFloats("bias")[0] != 0f);
      assertNotNull(shared.graph().operation("team_a/kernel"));
      assertNotNull(shared.graph().operation("team_b/kernel"));
      assertNull(shared.graph().operation("team_a/kernel_1"));
    }
  }

  @Test
  void sameScopeTwiceInOneGraphIsAnExceptionNamingBoth() {
    try (SharedGraph shared = SharedGraph.create();
        CordonDigitClassifier a = CordonDigitClassifier.builder().graph(shared).build()) {
      ModelBuildException e = assertThrows(
          ModelBuildException.class, () -> CordonDigitClassifier.builder().graph(shared).build());
      assertEquals(
          "DigitClassifier cannot be built under scope 'classifier': DigitClassifier already uses scope "
              + "'classifier' in this graph. Give one of them another scope with builder().scope(...).",
          e.getMessage());
    }
  }

  @Test
  void saveAndRestoreAcrossScopes() {
    Path ckpt = dir.resolve("regression");
    try (CordonRegression a = CordonRegression.builder().optimizer(Optimizer.sgd(0.01f)).build()) {
      a.trainStep(X, TARGET);
      a.save(ckpt);
    }
    try (SharedGraph shared = SharedGraph.create();
        CordonRegression b = CordonRegression.builder().graph(shared).scope("restored/here").build()) {
      b.restore(ckpt);
      assertArrayEquals(new float[] {0.83f, 0.76f}, b.variables().readFloats("w"), 1e-6f);
      CheckpointException e = assertThrows(CheckpointException.class, () -> b.restore(dir.resolve("missing")));
      assertTrue(e.getMessage().startsWith("Regression: no checkpoint at"), e.getMessage());
      assertArrayEquals(new float[] {0.83f, 0.76f}, b.variables().readFloats("w"), 1e-6f);
    }
  }

  @Test
  void wrongTensorsAreRefusedWithTheModelAndInputNamed() {
    try (CordonRegression m = CordonRegression.builder().build();
        TFloat64 doubles = TensorArrays.of(new double[][] {{1, 2}})) {
      IllegalArgumentException nullArray =
          assertThrows(IllegalArgumentException.class, () -> m.y((float[][]) null));
      assertEquals("Regression: input 'x' is null; expected TFloat32 of shape [-1, 2]", nullArray.getMessage());
      IllegalArgumentException nullTensor = assertThrows(IllegalArgumentException.class, () -> m.y((TFloat32) null));
      assertEquals("Regression.y: input 'x' is null; expected TFloat32 of shape [-1, 2]", nullTensor.getMessage());
      IllegalArgumentException wide =
          assertThrows(IllegalArgumentException.class, () -> m.y(new float[][] {{1, 2, 3}}));
      assertEquals(
          "Regression.y: input 'x' expects TFloat32 of shape [-1, 2], got TFloat32 of shape [1, 3]",
          wide.getMessage());
    }
  }

  @Test
  void closeIsIdempotentAndLaterCallsAreIllegalState() {
    CordonRegression m = CordonRegression.builder().build();
    m.close();
    m.close();
    assertThrows(IllegalStateException.class, () -> m.y(X));
    assertThrows(IllegalStateException.class, () -> m.trainStep(X, TARGET));
    assertThrows(IllegalStateException.class, () -> m.save(dir.resolve("x")));
  }

  @Test
  void nestedAndInterfaceModels() {
    try (CordonOuter_Scaler s = CordonOuter_Scaler.builder().build();
        CordonOuter_Doubler d = CordonOuter_Doubler.builder().build()) {
      float[][] scaled = s.scaled(new float[][] {{1, 2, 3}});
      assertEquals(2, scaled[0].length);
      assertTrue(scaled[0][0] > 0 && scaled[0][0] < 1);
      assertArrayEquals(new float[] {2, 4}, d.doubled(new float[] {1, 2}));
      assertEquals(List.of("dense/kernel", "dense/bias"), s.variables().names());
      d.save(dir.resolve("no-variables"));
      d.restore(dir.resolve("no-variables"));
    }
  }

  @Test
  void sameSeedGivesBitIdenticalTrainingWithAdam() {
    float[] first = trainClassifier(11);
    float[] second = trainClassifier(11);
    assertArrayEquals(first, second, 0f);
  }

  private static float[] trainClassifier(long seed) {
    float[][] pixels = new float[8][784];
    int[] digits = new int[8];
    for (int i = 0; i < 8; i++) {
      pixels[i][i * 50] = 1f;
      digits[i] = i % 10;
    }
    try (CordonDigitClassifier m =
        CordonDigitClassifier.builder().seed(seed).optimizer(Optimizer.adam(0.01f)).build()) {
      for (int i = 0; i < 15; i++) {
        m.trainStep(pixels, digits);
      }
      return m.variables().readFloats("kernel");
    }
  }
}
