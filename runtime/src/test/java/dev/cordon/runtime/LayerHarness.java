package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import dev.cordon.internal.ModelVariable;
import dev.cordon.runtime.train.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * One layer under test in a model of its own, with input {@code x}, output {@code y} and the loss
 * {@code sum(y^2 * a) + sum(y * b)} (a and b vary along the last axis, so that no layer's
 * gradient is trivially zero). Checks analytic gradients, taken with {@code addGradients} of the
 * loss with respect to the input and to every variable read, against central finite differences
 * computed by feeding perturbed values in place of those tensors.
 */
final class LayerHarness implements AutoCloseable {

  final ModelEngine model;
  final Operand<?> x;
  final Operand<TFloat32> y;
  final Operand<TFloat32> loss;
  private final Operand<TBool> training;
  private int gradients;

  private LayerHarness(ModelEngine model, Operand<?> x, Operand<TFloat32> y, Operand<TFloat32> loss,
      Operand<TBool> training) {
    this.model = model;
    this.x = x;
    this.y = y;
    this.loss = loss;
    this.training = training;
  }

  /** The layer(s) under test, given the model's ops, its layers and its input. */
  interface Body {
    Operand<TFloat32> apply(Ops tf, Layers nn, Operand<?> x);
  }

  static LayerHarness of(Class<? extends TType> inputType, long[] inputShape, long[] outputShape,
      Optimizer optimizer, BiFunction<Layers, Operand<?>, Operand<TFloat32>> layer) {
    return of(inputType, inputShape, outputShape, optimizer, (Body) (tf, nn, x) -> layer.apply(nn, x));
  }

  static LayerHarness of(Class<? extends TType> inputType, long[] inputShape, long[] outputShape,
      Optimizer optimizer, Body layer) {
    ModelSpec spec = ModelSpec.builder("dev.cordon.runtime.LayerUnderTest", "under_test")
        .input("x", inputType, inputShape)
        .output("y", TFloat32.class, outputShape)
        .loss()
        .build();
    ModelAssembly build = ModelAssembly.start(spec, spec.scope(), 3, optimizer, null);
    try {
      Operand<?> x = build.input("x", inputType);
      Operand<TFloat32> y = build.output("y", layer.apply(build.ops(), build.layers(), x));
      long last = y.shape().get(y.shape().numDimensions() - 1);
      float[] a = new float[(int) last];
      float[] b = new float[(int) last];
      for (int i = 0; i < last; i++) {
        a[i] = 0.5f + 0.25f * i;
        b[i] = 1f - 0.7f * i;
      }
      Ops tf = build.ops().withSubScope("check");
      Operand<TFloat32> weighted = tf.math.add(
          tf.math.mul(tf.math.square(y), tf.constant(a)), tf.math.mul(y, tf.constant(b)));
      Operand<TFloat32> flat = tf.reshape(weighted, tf.constant(new long[] {-1}));
      Operand<TFloat32> loss = build.loss(tf.sum(flat, tf.constant(0)));
      Operand<TBool> training = build.training();
      return new LayerHarness(build.finish(), x, y, loss, training);
    } catch (RuntimeException | Error e) {
      build.abort();
      throw e;
    }
  }

  static LayerHarness of(long[] inputShape, long[] outputShape,
      BiFunction<Layers, Operand<TFloat32>, Operand<TFloat32>> layer) {
    return of(TFloat32.class, inputShape, outputShape, Optimizer.sgd(0.1f),
        (nn, x) -> layer.apply(nn, x.asOutput().expect(TFloat32.class)));
  }

  /** The read op of variable {@code name} (feeding it overrides the variable in that run). */
  Operand<?> variableRead(String name) {
    for (ModelVariable<?> v : model.variableList()) {
      if (v.path().equals(name)) {
        return v.read();
      }
    }
    throw new IllegalArgumentException(name);
  }

  float[] variable(String name) {
    return model.variables().readFloats(name);
  }

  /** Fetches {@code fetch} as floats, feeding {@code feeds} (tensor → value) and the training flag. */
  float[] run(Operand<TFloat32> fetch, Map<Operand<?>, Tensor> feeds, boolean train) {
    Session.Runner runner = model.handle().session().runner();
    feeds.forEach(runner::feed);
    try (TBool mode = TBool.scalarOf(train)) {
      runner.feed(training, mode);
      try (Result r = runner.fetch(fetch).run()) {
        return floats((TFloat32) r.get(0));
      }
    }
  }

  /**
   * Checks d loss / d {@code wrt} at {@code value} (of {@code shape}) against central differences,
   * with the other {@code feeds}; returns the analytic gradient.
   */
  float[] checkGradient(Operand<?> wrt, float[] value, Shape shape, Map<Operand<?>, Tensor> feeds, boolean train,
      float tolerance) {
    Output<?>[] dy = model.handle().graph().addGradients(
        "gradient_check_" + gradients++, new Output<?>[] {loss.asOutput()}, new Output<?>[] {wrt.asOutput()}, null);
    Operand<TFloat32> analyticOp = dy[0].expect(TFloat32.class);
    float[] analytic;
    try (TFloat32 at = tensor(value, shape)) {
      Map<Operand<?>, Tensor> all = new LinkedHashMap<>(feeds);
      all.put(wrt, at);
      analytic = run(analyticOp, all, train);
    }
    assertEquals(value.length, analytic.length);
    float eps = 1e-2f;
    for (int i = 0; i < value.length; i++) {
      float[] plus = value.clone();
      float[] minus = value.clone();
      plus[i] += eps;
      minus[i] -= eps;
      double numeric = (lossAt(wrt, plus, shape, feeds, train) - lossAt(wrt, minus, shape, feeds, train)) / (2 * eps);
      double scale = Math.max(1, Math.abs(numeric));
      assertEquals(numeric, analytic[i], tolerance * scale, "d loss / d " + wrt.op().name() + "[" + i + "]");
    }
    return analytic;
  }

  private double lossAt(Operand<?> wrt, float[] value, Shape shape, Map<Operand<?>, Tensor> feeds, boolean train) {
    try (TFloat32 at = tensor(value, shape)) {
      Map<Operand<?>, Tensor> all = new LinkedHashMap<>(feeds);
      all.put(wrt, at);
      return run(loss, all, train)[0];
    }
  }

  /** Checks the gradient with respect to the float input {@code x} and every trainable variable. */
  void checkAllGradients(float[] input, Shape inputShape, boolean train, float tolerance) {
    try (TFloat32 in = tensor(input, inputShape)) {
      checkGradient(x, input, inputShape, Map.of(), train, tolerance);
      checkVariableGradients(Map.of(x, in), train, tolerance);
    }
  }

  void checkVariableGradients(Map<Operand<?>, Tensor> feeds, boolean train, float tolerance) {
    List<String> checked = new ArrayList<>();
    for (ModelVariable<?> v : model.variableList()) {
      if (v.trainable()) {
        checkGradient(v.read(), variable(v.path()), v.shape(), feeds, train, tolerance);
        checked.add(v.path());
      }
    }
  }

  static TFloat32 tensor(float[] values, Shape shape) {
    return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
  }

  static float[] floats(TFloat32 t) {
    float[] out = new float[(int) t.size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
