package dev.cordon.runtime;

import dev.cordon.Init;
import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What the processor generates for a linear regression model {@code y = x · w + b} with loss
 * {@code mean((y - target)^2)}, written by hand so the runtime is tested on its own.
 */
final class LinearModel implements AutoCloseable {

  static final ModelSpec SPEC = ModelSpec.builder("dev.cordon.runtime.Linear", "linear")
      .input("x", TFloat32.class, -1, 2)
      .label("target", TFloat32.class, -1, 1)
      .variable("w", TFloat32.class, Init.ONES, 2, 1)
      .variable("b", TFloat32.class, Init.ZEROS, 1)
      .output("y", TFloat32.class, -1, 1)
      .loss()
      .build();

  final ModelEngine runtime;

  private LinearModel(ModelAssembly build) {
    try {
      Operand<TFloat32> x = build.input("x", TFloat32.class);
      Operand<TFloat32> target = build.input("target", TFloat32.class);
      Operand<TFloat32> w = build.variable("w", TFloat32.class);
      Operand<TFloat32> b = build.variable("b", TFloat32.class);
      Ops tf = build.ops();
      Operand<TFloat32> y = build.output("y", tf.math.add(tf.linalg.matMul(x, w), b));
      build.loss(build.layers().meanSquaredError(y, target));
      runtime = build.finish();
    } catch (RuntimeException | Error e) {
      build.abort();
      throw e;
    }
  }

  static Builder builder() {
    return new Builder();
  }

  float[][] y(float[][] x) {
    try (TFloat32 in = TensorArrays.of(x); TFloat32 out = runtime.predict("y", TFloat32.class, in)) {
      return TensorArrays.floats2d(out);
    }
  }

  float trainStep(float[][] x, float[][] target) {
    try (TFloat32 in = TensorArrays.of(x); TFloat32 t = TensorArrays.of(target)) {
      return runtime.trainStep(in, t);
    }
  }

  float[] w() {
    return runtime.variables().readFloats("w");
  }

  @Override
  public void close() {
    runtime.close();
  }

  static final class Builder extends ModelBuilder<Builder> {
    Builder() {
      super(SPEC);
    }

    @Override
    protected Builder self() {
      return this;
    }

    LinearModel build() {
      return new LinearModel(start());
    }
  }
}
