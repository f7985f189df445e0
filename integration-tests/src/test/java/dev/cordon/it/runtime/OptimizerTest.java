package dev.cordon.it.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.train.Optimizer;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import dev.cordon.runtime.SharedGraph;

class OptimizerTest {

  static Stream<Arguments> optimizers() {
    return Stream.of(
        Arguments.of("SGD", (Supplier<Optimizer>) () -> Optimizer.sgd(0.1f), new String[0]),
        Arguments.of("Momentum", (Supplier<Optimizer>) () -> Optimizer.momentum(0.1f, 0.9f),
            new String[] {"accumulator"}),
        Arguments.of("Adam", (Supplier<Optimizer>) () -> Optimizer.adam(0.01f), new String[] {"m", "v"}),
        Arguments.of("RMSProp", (Supplier<Optimizer>) () -> Optimizer.rmsProp(0.01f),
            new String[] {"rms", "momentum"}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void twoScopedModelsTrainSideBySideInOneGraphWithSlotsInTheirOwnScopes(
      String name, Supplier<Optimizer> optimizer, String[] slots) {
    float[][] x = data(32, 4, 1);
    int[] labels = labels(32);
    try (SharedGraph shared = SharedGraph.create();
        CordonMlp a = CordonMlp.builder().graph(shared).scope("team_a/mlp").optimizer(optimizer.get()).build();
        CordonMlp b = CordonMlp.builder().graph(shared).scope("team_b/mlp").optimizer(optimizer.get()).build()) {
      float[] bBefore = b.variables().readFloats("hidden/kernel");
      float first = a.trainStep(x, labels);
      float last = first;
      for (int i = 0; i < 30; i++) {
        last = a.trainStep(x, labels);
      }
      assertTrue(last < first, name + " should lower the loss: " + first + " -> " + last);
      assertArrayEquals(bBefore, b.variables().readFloats("hidden/kernel"), 0f);
      for (String slot : slots) {
        String op = "team_a/mlp/cordon.train/" + name + "/hidden/kernel/" + slot;
        assertNotNull(shared.graph().operation(op), op);
        assertNotNull(shared.graph().operation("team_b/mlp/cordon.train/" + name + "/hidden/kernel/" + slot));
      }
      b.trainStep(x, labels);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void sameSeedAndDataGiveBitIdenticalWeights(String name, Supplier<Optimizer> optimizer, String[] slots) {
    float[] first = train(optimizer.get(), 7);
    float[] second = train(optimizer.get(), 7);
    assertArrayEquals(first, second, 0f, name);
    float[] otherSeed = train(optimizer.get(), 8);
    assertTrue(first[0] != otherSeed[0], "another seed gives other weights");
  }

  @Test
  void adamFirstStepMatchesTheTextbook() {
    // With bias correction, Adam's first step moves every weight by lr * g / (|g| + eps') = lr.
    try (CordonLinear m = CordonLinear.builder().optimizer(Optimizer.adam(0.1f)).build()) {
      m.trainStep(new float[][] {{1, 2}, {3, 4}}, new float[][] {{1}, {2}});
      assertArrayEquals(new float[] {0.9f, 0.9f}, m.variables().readFloats("w"), 1e-5f);
    }
  }

  private static float[] train(Optimizer optimizer, long seed) {
    float[][] x = data(64, 4, 3);
    int[] labels = labels(64);
    try (CordonDropoutMlp m = CordonDropoutMlp.builder().seed(seed).optimizer(optimizer).build()) {
      for (int i = 0; i < 20; i++) {
        m.trainStep(x, labels);
      }
      float[] kernel = m.variables().readFloats("hidden/kernel");
      float[] out = m.variables().readFloats("out/kernel");
      float[] all = new float[kernel.length + out.length];
      System.arraycopy(kernel, 0, all, 0, kernel.length);
      System.arraycopy(out, 0, all, kernel.length, out.length);
      return all;
    }
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
