package dev.cordon.runtime;

import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A hand-"generated" two-layer classifier built with the Layers DSL: the fit, backup and
 * optimizer-addition tests drive the engine through it directly (main runs the other runtime
 * tests on processed models in integration-tests).
 */
final class MlpModel implements AutoCloseable {

  static final ModelSpec SPEC = ModelSpec.builder("dev.cordon.runtime.Mlp", "mlp")
      .input("pixels", TFloat32.class, -1, 4)
      .label("digit", TInt32.class, -1)
      .output("logits", TFloat32.class, -1, 3)
      .loss()
      .build();

  final ModelEngine runtime;

  private MlpModel(ModelAssembly build, boolean dropout) {
    try {
      Operand<TFloat32> pixels = build.input("pixels", TFloat32.class);
      Operand<TInt32> digit = build.input("digit", TInt32.class);
      Layers nn = build.layers();
      Operand<TFloat32> hidden = nn.dense("hidden", pixels, 8, Activation.TANH);
      if (dropout) {
        hidden = nn.dropout(hidden, 0.5f);
      }
      Operand<TFloat32> logits = build.output("logits", nn.dense("out", hidden, 3));
      build.loss(nn.sparseSoftmaxCrossEntropy(logits, digit));
      runtime = build.finish();
    } catch (RuntimeException | Error e) {
      build.abort();
      throw e;
    }
  }

  static Builder builder() {
    return new Builder();
  }

  float trainStep(float[][] x, int[] labels) {
    try (TFloat32 in = TensorArrays.of(x); TInt32 t = TensorArrays.of(labels)) {
      return runtime.trainStep(in, t);
    }
  }

  float[][] logits(float[][] x) {
    try (TFloat32 in = TensorArrays.of(x); TFloat32 out = runtime.predict("logits", TFloat32.class, in)) {
      return TensorArrays.floats2d(out);
    }
  }

  @Override
  public void close() {
    runtime.close();
  }

  static final class Builder extends ModelBuilder<Builder> {
    private boolean dropout;

    Builder() {
      super(SPEC);
    }

    Builder dropout() {
      dropout = true;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    MlpModel build() {
      return new MlpModel(start(), dropout);
    }
  }
}
