package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import dev.cordon.runtime.train.Optimizer;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class LayersTest {

  private static final ModelSpec SPEC = ModelSpec.builder("dev.cordon.runtime.Images", "images")
      .input("pixels", TFloat32.class, -1, 16)
      .label("digit", TInt32.class, -1)
      .output("logits", TFloat32.class, -1, 3)
      .loss()
      .build();

  /** Builds SPEC standalone with {@code body} computing the logits. */
  private static ModelEngine build(BiFunction<Layers, Operand<TFloat32>, Operand<TFloat32>> body) {
    ModelAssembly build = ModelAssembly.start(SPEC, SPEC.scope(), 1, Optimizer.adam(0.01f), null);
    try {
      Operand<TFloat32> pixels = build.input("pixels", TFloat32.class);
      Operand<TInt32> digit = build.input("digit", TInt32.class);
      Operand<TFloat32> logits = build.output("logits", body.apply(build.layers(), pixels));
      build.loss(build.layers().sparseSoftmaxCrossEntropy(logits, digit));
      return build.finish();
    } catch (RuntimeException | Error e) {
      build.abort();
      throw e;
    }
  }

  @Test
  void convolutionalModelTrainsWithVariablesUnderTheLayerNames() {
    try (ModelEngine m = closeable(build((nn, x) -> {
      Operand<TFloat32> images = nn.reshape(x, -1, 4, 4, 1);
      Operand<TFloat32> conv = nn.maxPool2d(nn.conv2d("conv1", images, 4, 3, Activation.RELU), 2);
      return nn.dense("logits", nn.dropout(nn.flatten(conv), 0.25f), 3);
    }))) {
      assertEquals(List.of("conv1/kernel", "conv1/bias", "logits/kernel", "logits/bias"), m.variables().names());
      assertEquals(org.tensorflow.ndarray.Shape.of(3, 3, 1, 4), m.variables().shape("conv1/kernel"));
      float[][] x = OptimizerTest.data(30, 16, 5);
      int[] y = OptimizerTest.labels(30);
      float first = 0;
      float last = 0;
      for (int i = 0; i < 40; i++) {
        try (TFloat32 in = TensorArrays.of(x); TInt32 labels = TensorArrays.of(y)) {
          last = m.trainStep(in, labels);
          if (i == 0) {
            first = last;
          }
        }
      }
      assertTrue(last < first, first + " -> " + last);
      // Dropout is off in predictions: two predictions agree.
      try (TFloat32 in = TensorArrays.of(x);
          TFloat32 p1 = m.predict("logits", TFloat32.class, in);
          TFloat32 p2 = m.predict("logits", TFloat32.class, in)) {
        assertArrayEquals(TensorArrays.floats2d(p1), TensorArrays.floats2d(p2));
      }
    }
  }

  @Test
  void layerNameUsedTwiceIsAnException() {
    ModelBuildException e = assertThrows(ModelBuildException.class, () -> build((nn, x) -> {
      Operand<TFloat32> h = nn.dense("hidden", x, 8, Activation.RELU);
      return nn.dense("hidden", h, 3);
    }));
    assertEquals(
        "Images: layer name 'hidden' is already used in scope 'images'. Give the layer another name.",
        e.getMessage());
  }

  @Test
  void layerNameClashingWithAnInputIsAnException() {
    ModelBuildException e = assertThrows(ModelBuildException.class, () -> build((nn, x) -> nn.dense("pixels", x, 3)));
    assertTrue(e.getMessage().contains("layer name 'pixels' is already used"), e.getMessage());
  }

  @Test
  void declaredOutputShapeIsCheckedAgainstTheGraph() {
    ModelBuildException e = assertThrows(ModelBuildException.class, () -> build((nn, x) -> nn.dense("out", x, 4)));
    assertEquals(
        "Images.logits is declared with shape [-1, 3] but the graph computes shape [-1, 4]. "
            + "Fix @Output(shape = ...) or the computation.",
        e.getMessage());
  }

  @Test
  void variablesCreatedBehindCordonsBackAreRefused() {
    ModelAssembly build = ModelAssembly.start(SPEC, SPEC.scope(), 1, Optimizer.adam(0.01f), null);
    Operand<TFloat32> pixels = build.input("pixels", TFloat32.class);
    build.input("digit", TInt32.class);
    build.ops().variable(build.ops().constant(new float[] {1, 2, 3})); // TF Java's own variable
    build.output("logits", build.layers().dense("out", pixels, 3));
    ModelBuildException e = assertThrows(ModelBuildException.class, build::finish);
    build.abort();
    assertTrue(e.getMessage().contains("created the graph initializer"), e.getMessage());
  }

  private static ModelEngine closeable(ModelEngine m) {
    return m;
  }
}
