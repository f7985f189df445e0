package dev.cordon.it.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.internal.OutputTensors;
import dev.cordon.runtime.train.Optimizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import dev.cordon.it.Engines;
import dev.cordon.runtime.ModelBuildException;
import dev.cordon.runtime.SharedGraph;
import dev.cordon.runtime.TensorArrays;

class ModelEngineTest {

  private static final float[][] X = {{1, 2}, {3, 4}};
  private static final float[][] TARGET = {{1}, {2}};

  @Test
  void predictsWithInitialWeights() {
    try (CordonLinear m = CordonLinear.builder().build()) {
      // w = ones, b = zeros: y = x1 + x2.
      assertArrayEquals(new float[][] {{3}, {7}}, m.y(X));
    }
  }

  @Test
  void sgdStepMatchesHandComputedGradient() {
    try (CordonLinear m = CordonLinear.builder().optimizer(Optimizer.sgd(0.01f)).build()) {
      // loss = mean((3-1)^2, (7-2)^2) = 14.5; dL/dy = 2(y-t)/2 = [2, 5];
      // dL/dw = x^T [2, 5] = [17, 24]; dL/db = 7.
      assertEquals(14.5f, m.trainStep(X, TARGET), 1e-6f);
      assertArrayEquals(new float[] {0.83f, 0.76f}, m.variables().readFloats("w"), 1e-6f);
      assertArrayEquals(new float[] {-0.07f}, m.variables().readFloats("b"), 1e-6f);
      assertArrayEquals(new float[][] {{0.83f + 1.52f - 0.07f}}, m.y(new float[][] {{1, 2}}));
    }
  }

  @Test
  void trainingOneModelLeavesAnotherWithTheSameVariableNamesAlone() {
    try (SharedGraph shared = SharedGraph.create();
        CordonLinear a = CordonLinear.builder().graph(shared).scope("team_a/linear").optimizer(Optimizer.sgd(0.01f)).build();
        CordonLinear b = CordonLinear.builder().graph(shared).scope("team_b/linear").build()) {
      float[] before = b.variables().readFloats("w");
      for (int i = 0; i < 5; i++) {
        a.trainStep(X, TARGET);
      }
      assertArrayEquals(before, b.variables().readFloats("w"), 0f);
      assertFalse(a.variables().readFloats("w")[0] == before[0]);
      assertEquals(List.of("w", "b"), a.variables().names());
      assertTrue(hasOp(shared, "team_a/linear/w"));
      assertTrue(hasOp(shared, "team_b/linear/w"));
    }
  }

  @Test
  void laterModelInASharedGraphDoesNotReinitialiseEarlierOnes() {
    try (SharedGraph shared = SharedGraph.create();
        CordonLinear a = CordonLinear.builder().graph(shared).scope("a").optimizer(Optimizer.sgd(0.01f)).build()) {
      a.trainStep(X, TARGET);
      float[] trained = a.variables().readFloats("w");
      try (CordonLinear b = CordonLinear.builder().graph(shared).scope("b").build()) {
        assertArrayEquals(new float[] {1, 1}, b.variables().readFloats("w"));
      }
      assertArrayEquals(trained, a.variables().readFloats("w"), 0f);
    }
  }

  @Test
  void sameScopeTwiceInOneGraphIsRefusedNamingBoth() {
    try (SharedGraph shared = SharedGraph.create();
        CordonLinear a = CordonLinear.builder().graph(shared).build()) {
      ModelBuildException e =
          assertThrows(ModelBuildException.class, () -> CordonLinear.builder().graph(shared).build());
      assertTrue(e.getMessage().contains("Linear cannot be built under scope 'linear'"), e.getMessage());
      assertTrue(e.getMessage().contains("Linear already uses scope 'linear'"), e.getMessage());
      ModelBuildException nested = assertThrows(
          ModelBuildException.class, () -> CordonLinear.builder().graph(shared).scope("linear/inner").build());
      assertTrue(nested.getMessage().contains("scope 'linear/inner'"), nested.getMessage());
      assertEquals(1, shared.scopes().size());
    }
  }

  @Test
  void invalidScopeIsRefusedByTheBuilder() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CordonLinear.builder().scope("_bad"));
    assertTrue(e.getMessage().contains("segment '_bad'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CordonLinear.builder().scope("a//b"));
  }

  @Test
  void wrongInputsAreRefusedBeforeNativeCode() {
    try (CordonLinear m = CordonLinear.builder().build()) {
      IllegalArgumentException nullInput = assertThrows(
          IllegalArgumentException.class, () -> Engines.of(m).predict("y", TFloat32.class, (TFloat32) null));
      assertEquals(
          "Linear.y: input 'x' is null; expected TFloat32 of shape [-1, 2]", nullInput.getMessage());
      try (TFloat64 doubles = TensorArrays.of(new double[][] {{1, 2}});
          TFloat32 rank1 = TensorArrays.of(new float[] {1, 2});
          TFloat32 wide = TensorArrays.of(new float[][] {{1, 2, 3}})) {
        assertEquals(
            "Linear.y: input 'x' expects TFloat32 of shape [-1, 2], got TFloat64 of shape [1, 2]",
            assertThrows(IllegalArgumentException.class, () -> Engines.of(m).predict("y", TFloat32.class, doubles))
                .getMessage());
        assertEquals(
            "Linear.y: input 'x' expects TFloat32 of shape [-1, 2], got TFloat32 of shape [2]",
            assertThrows(IllegalArgumentException.class, () -> Engines.of(m).predict("y", TFloat32.class, rank1))
                .getMessage());
        assertEquals(
            "Linear.y: input 'x' expects TFloat32 of shape [-1, 2], got TFloat32 of shape [1, 3]",
            assertThrows(IllegalArgumentException.class, () -> Engines.of(m).predict("y", TFloat32.class, wide))
                .getMessage());
        assertEquals(
            "Linear.trainStep takes 2 input(s) [x, target], got 1",
            assertThrows(IllegalArgumentException.class, () -> Engines.of(m).trainStep(wide)).getMessage());
      }
      assertEquals(
          "Linear: input 'x' is null; expected TFloat32 of shape [-1, 2]",
          assertThrows(IllegalArgumentException.class, () -> Engines.of(m).requireArray("x", null)).getMessage());
    }
  }

  @Test
  void closeIsIdempotentAndLaterCallsFailCleanly() {
    CordonLinear m = CordonLinear.builder().build();
    m.close();
    m.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.y(X));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> m.trainStep(X, TARGET));
    assertThrows(IllegalStateException.class, () -> m.variables());
  }

  @Test
  void closingTheSharedGraphStopsItsModelsCleanly() {
    SharedGraph shared = SharedGraph.create();
    CordonLinear a = CordonLinear.builder().graph(shared).build();
    shared.close();
    shared.close();
    assertThrows(IllegalStateException.class, () -> a.y(X));
    a.close();
  }

  @Test
  void closingAModelInASharedGraphLeavesTheOthersRunning() {
    try (SharedGraph shared = SharedGraph.create();
        CordonLinear b = CordonLinear.builder().graph(shared).scope("b").build()) {
      CordonLinear a = CordonLinear.builder().graph(shared).scope("a").build();
      a.close();
      assertThrows(IllegalStateException.class, () -> a.y(X));
      assertArrayEquals(new float[][] {{3}, {7}}, b.y(X));
    }
  }

  @Test
  void predictionsAreSafeFromSeveralThreads() throws Exception {
    try (CordonLinear m = CordonLinear.builder().build()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          final float k = t;
          results.add(pool.submit(() -> {
            for (int i = 0; i < 50; i++) {
              float[][] y = m.y(new float[][] {{k, i}});
              if (y[0][0] != k + i) {
                return false;
              }
            }
            return true;
          }));
        }
        for (Future<Boolean> r : results) {
          assertTrue(r.get());
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void registersNoGraphInitializers() {
    try (SharedGraph shared = SharedGraph.create();
        CordonLinear a = CordonLinear.builder().graph(shared).build()) {
      for (Iterator<GraphOperation> it = shared.graph().operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        assertFalse(shared.graph().isInitializer(op), op.name());
      }
    }
  }

  @Test
  void runReturnsEveryOutputInAnOwningHolder() {
    try (CordonMlp m = CordonMlp.builder().build();
        TFloat32 in = TensorArrays.of(new float[][] {{1, 2, 3, 4}});
        OutputTensors out = Engines.of(m).run(in)) {
      assertEquals(3, out.get("logits", TFloat32.class).shape().get(1));
      assertThrows(IllegalArgumentException.class, () -> out.get("nope", TFloat32.class));
      out.close();
      assertThrows(IllegalStateException.class, () -> out.get("logits", TFloat32.class));
    }
  }

  @Test
  void labelsAreNotPredictionInputs() {
    try (CordonMlp m = CordonMlp.builder().build(); TInt32 labels = TensorArrays.of(new int[] {1})) {
      assertThrows(IllegalArgumentException.class, () -> Engines.of(m).predict("logits", TFloat32.class, labels));
    }
  }

  private static boolean hasOp(SharedGraph shared, String name) {
    return shared.graph().operation(name) != null;
  }
}
