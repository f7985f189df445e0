package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.cordon.runtime.train.Optimizer;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Same seed and data, bit-identical weights, for the layers and optimizers most exposed to races. */
class DeterminismTest {

  private static float[] train(Supplier<LayerHarness> make, Supplier<Tensor> input, String var) {
    try (LayerHarness h = make.get(); Tensor in = input.get()) {
      for (int i = 0; i < 20; i++) {
        h.model.trainStep(in);
      }
      return h.variable(var);
    }
  }

  private static void same(String what, Supplier<LayerHarness> make, Supplier<Tensor> input, String var) {
    float[] a = train(make, input, var);
    for (int k = 0; k < 5; k++) {
      assertArrayEquals(a, train(make, input, var), 0f, what);
    }
  }

  static int[][] ids() {
    int[][] ids = new int[64][20];
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 20; j++) {
        ids[i][j] = (i * 7 + j * 3) % 41;
      }
    }
    return ids;
  }

  @Test
  void embedding() {
    same("embedding", () -> LayerHarness.of(TInt32.class, new long[] {-1, 20}, new long[] {-1, 20, 16},
        Optimizer.adam(0.01f), (nn, x) -> nn.embedding("e", x.asOutput().expect(TInt32.class), 41, 16)),
        () -> TensorArrays.of(ids()), "e/embeddings");
  }

  @Test
  void adamWWaitsForTheForwardPass() {
    float[] x = new float[64 * 12];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i * 0.37);
    }
    same("adamW", () -> LayerHarness.of(TFloat32.class, new long[] {-1, 12}, new long[] {-1, 12},
        Optimizer.adamW(0.01f, 0.1f), (nn, in) -> nn.dense("d2", nn.dense("d1", in.asOutput().expect(TFloat32.class), 32,
            Activation.TANH), 12)),
        () -> LayerHarness.tensor(x, Shape.of(64, 12)), "d1/kernel");
  }

  @Test
  void conv1d() {
    float[] x = new float[64 * 20 * 16];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i * 0.37);
    }
    same("conv1d", () -> LayerHarness.of(TFloat32.class, new long[] {-1, 20, 16}, new long[] {-1, 20, 48},
        Optimizer.adam(0.01f), (nn, in) -> nn.conv1d("c", in.asOutput().expect(TFloat32.class), 48, 3, Activation.RELU)),
        () -> LayerHarness.tensor(x, Shape.of(64, 20, 16)), "c/kernel");
  }
}
