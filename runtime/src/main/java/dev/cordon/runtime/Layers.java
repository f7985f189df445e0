package dev.cordon.runtime;

import dev.cordon.Init;
import dev.cordon.internal.Initializers;
import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelVariable;
import dev.cordon.internal.Shapes;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/**
 * A small layer DSL for {@code @Output} and {@code @Loss} methods. Layers with weights take a name
 * and create their variables inside the model's scope under it ({@code classifier/hidden/kernel}),
 * registered with the model: initialised from its seed, trained by its {@code trainStep}, saved in
 * its checkpoints. A name used twice in one model is a {@link ModelBuildException}, never a silent
 * {@code hidden_1}.
 *
 * <p>Layers work on {@code TFloat32}; images are NHWC.
 */
public final class Layers {

  private final ModelAssembly assembly;
  private int dropouts;

  Layers(ModelAssembly assembly) {
    this.assembly = assembly;
  }

  private Ops tf() {
    return assembly.ops();
  }

  /** A fully connected layer: {@code activation(x · kernel + bias)}; x is [batch, features]. */
  public Operand<TFloat32> dense(String name, Operand<TFloat32> x, int units, Activation activation) {
    long features = staticDim(name, x, -1, "its last dimension");
    requirePositive(name, "units", units);
    Ops scope = assembly.layerOps(name);
    Operand<TFloat32> kernel = variable(scope, name, "kernel", Shape.of(features, units), Init.GLOROT_UNIFORM);
    Operand<TFloat32> bias = variable(scope, name, "bias", Shape.of(units), Init.ZEROS);
    return activate(scope, scope.math.add(scope.linalg.matMul(x, kernel), bias), activation);
  }

  /** A linear fully connected layer. */
  public Operand<TFloat32> dense(String name, Operand<TFloat32> x, int units) {
    return dense(name, x, units, Activation.LINEAR);
  }

  /**
   * A 2-D convolution with stride 1 and SAME padding over NHWC images, {@code filters} output
   * channels and a square kernel of {@code kernelSize}.
   */
  public Operand<TFloat32> conv2d(
      String name, Operand<TFloat32> x, int filters, int kernelSize, Activation activation) {
    if (x.shape().isUnknown() || x.shape().numDimensions() != 4) {
      throw new ModelBuildException(
          assembly.modelName() + ": conv2d '" + name + "' needs NHWC input of rank 4, got shape "
              + Shapes.format(x.shape()));
    }
    long channels = staticDim(name, x, 3, "its channel dimension");
    requirePositive(name, "filters", filters);
    requirePositive(name, "kernelSize", kernelSize);
    Ops scope = assembly.layerOps(name);
    Operand<TFloat32> kernel = variable(
        scope, name, "kernel", Shape.of(kernelSize, kernelSize, channels, filters), Init.GLOROT_UNIFORM);
    Operand<TFloat32> bias = variable(scope, name, "bias", Shape.of(filters), Init.ZEROS);
    Operand<TFloat32> conv = scope.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
    return activate(scope, scope.nn.biasAdd(conv, bias), activation);
  }

  /** Max pooling over {@code size × size} windows with stride {@code size} (VALID padding). */
  public Operand<TFloat32> maxPool2d(Operand<TFloat32> x, int size) {
    requirePositive("maxPool2d", "size", size);
    Operand<TInt32> window = tf().constant(new int[] {1, size, size, 1});
    return tf().nn.maxPool(x, window, window, "VALID");
  }

  /** Reshapes {@code [batch, d1, d2, ...]} to {@code [batch, d1 * d2 * ...]}; d1... must be known. */
  public Operand<TFloat32> flatten(Operand<TFloat32> x) {
    Shape shape = x.shape();
    if (shape.isUnknown() || shape.numDimensions() < 2) {
      throw new ModelBuildException(
          assembly.modelName() + ": flatten needs a rank >= 2 input of known shape, got " + Shapes.format(shape));
    }
    long size = 1;
    for (int i = 1; i < shape.numDimensions(); i++) {
      if (shape.get(i) < 0) {
        throw new ModelBuildException(
            assembly.modelName() + ": flatten needs every dimension but the first known, got " + Shapes.format(shape));
      }
      size *= shape.get(i);
    }
    return reshape(x, -1, size);
  }

  /** Reshapes {@code x}; one dimension may be {@code -1}. */
  public Operand<TFloat32> reshape(Operand<TFloat32> x, long... shape) {
    return tf().reshape(x, tf().constant(shape));
  }

  /**
   * Drops each element with probability {@code rate} during training steps, scaling the rest by
   * {@code 1 / (1 - rate)}; the identity in predictions. The mask is drawn statelessly from the
   * model's seed and its step count, so a resumed run draws the masks the uninterrupted one drew.
   */
  public Operand<TFloat32> dropout(Operand<TFloat32> x, float rate) {
    if (!(rate >= 0f && rate < 1f)) {
      throw new ModelBuildException(assembly.modelName() + ": dropout rate must be in [0, 1), got " + rate);
    }
    Ops tf = tf();
    long[] seed = Initializers.seed(assembly.seed(), "dropout/" + dropouts++);
    // Stateless, keyed by the model's step count: the masks depend on the seed and the step only,
    // so a run resumed from a checkpoint draws exactly the masks the uninterrupted run drew.
    Operand<TInt64> key = tf.stack(List.of(
        tf.constant(seed[0]), tf.math.add(tf.constant(seed[1]), assembly.stepCounter())));
    Operand<TFloat32> noise = tf.random.statelessRandomUniform(tf.shape(x), key, TFloat32.class);
    Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(noise, tf.constant(rate)), TFloat32.class);
    Operand<TFloat32> dropped = tf.math.mul(tf.math.mul(x, keep), tf.constant(1f / (1f - rate)));
    return tf.select(assembly.training(), dropped, x);
  }

  public Operand<TFloat32> relu(Operand<TFloat32> x) {
    return tf().nn.relu(x);
  }

  public Operand<TFloat32> tanh(Operand<TFloat32> x) {
    return tf().math.tanh(x);
  }

  public Operand<TFloat32> sigmoid(Operand<TFloat32> x) {
    return tf().math.sigmoid(x);
  }

  public Operand<TFloat32> softmax(Operand<TFloat32> x) {
    return tf().nn.softmax(x);
  }

  /**
   * The mean cross-entropy of {@code logits} ([batch, classes], classes known) against integer
   * class labels ([batch]): the usual classification loss, as a scalar.
   */
  public Operand<TFloat32> sparseSoftmaxCrossEntropy(
      Operand<TFloat32> logits, Operand<? extends TNumber> labels) {
    long classes = staticDim("sparseSoftmaxCrossEntropy", logits, -1, "the number of classes (last dimension)");
    Ops tf = tf();
    // TF's C++ gradient registry has no SparseSoftmaxCrossEntropyWithLogits (Java builds gradients
    // in C++), but has the dense op: one-hot labels make the same loss differentiable.
    Operand<TFloat32> oneHot = tf.oneHot(
        labels, tf.constant((int) classes), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> perExample = tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss();
    return tf.math.mean(perExample, tf.constant(0));
  }

  /** The mean of {@code (predictions - targets)^2} over every element, as a scalar. */
  public Operand<TFloat32> meanSquaredError(Operand<TFloat32> predictions, Operand<TFloat32> targets) {
    Ops tf = tf();
    Operand<TFloat32> squared = tf.math.squaredDifference(predictions, targets);
    return tf.math.mean(tf.reshape(squared, tf.constant(new long[] {-1})), tf.constant(0));
  }

  // ---- embeddings, normalization, sequences, merging --------------------------------------

  /**
   * Looks up a learned vector of {@code dimension} floats for every integer id in {@code ids}
   * (any shape, values in {@code [0, vocabulary)}): the output has shape {@code ids.shape + [dimension]}.
   * The table is the variable {@code <name>/embeddings} of shape {@code [vocabulary, dimension]},
   * Glorot-uniform initialised. An id outside the table fails the step that feeds it.
   */
  public Operand<TFloat32> embedding(
      String name, Operand<? extends TNumber> ids, int vocabulary, int dimension) {
    requirePositive(name, "vocabulary", vocabulary);
    requirePositive(name, "dimension", dimension);
    if (!(ids.type() == TInt32.class || ids.type() == TInt64.class)) {
      throw new ModelBuildException(
          assembly.modelName() + ": embedding '" + name + "' needs TInt32 or TInt64 ids, got "
              + ids.type().getSimpleName());
    }
    Ops scope = assembly.layerOps(name);
    Operand<TFloat32> table =
        variable(scope, name, "embeddings", Shape.of(vocabulary, dimension), Init.GLOROT_UNIFORM);
    return scope.gather(table, ids, scope.constant(0));
  }

  /**
   * Batch normalization over the last axis (Ioffe and Szegedy, 2015; Keras' defaults: momentum
   * 0.99, epsilon 1e-3). See {@link #batchNormalization(String, Operand, float, float)}.
   */
  public Operand<TFloat32> batchNormalization(String name, Operand<TFloat32> x) {
    return batchNormalization(name, x, 0.99f, 1e-3f);
  }

  /**
   * Batch normalization over the last axis: {@code gamma * (x - mean) / sqrt(var + epsilon) +
   * beta}. During a training step mean and (biased) variance are the batch's, taken over every
   * axis but the last, and the step also moves {@code <name>/moving_mean} and {@code
   * <name>/moving_variance} towards them: {@code moving = moving * momentum + batch * (1 -
   * momentum)}. Predictions use the moving statistics. {@code gamma} (ones) and {@code beta}
   * (zeros) are trained; the moving statistics (zeros and ones) are not trainable, never touched
   * by gradients, and saved with the weights.
   */
  public Operand<TFloat32> batchNormalization(String name, Operand<TFloat32> x, float momentum, float epsilon) {
    long channels = staticDim(name, x, -1, "its last dimension");
    if (!(momentum >= 0f && momentum < 1f)) {
      throw new ModelBuildException(
          assembly.modelName() + ": layer '" + name + "' needs momentum in [0, 1), got " + momentum);
    }
    requirePositive(name, "epsilon", epsilon);
    int rank = x.shape().numDimensions();
    if (rank < 2) {
      throw new ModelBuildException(assembly.modelName() + ": layer '" + name
          + "' needs an input of rank >= 2 (a batch of features), got " + Shapes.format(x.shape()));
    }
    Ops scope = assembly.layerOps(name);
    Shape shape = Shape.of(channels);
    Operand<TFloat32> gamma = variable(scope, name, "gamma", shape, Init.ONES);
    Operand<TFloat32> beta = variable(scope, name, "beta", shape, Init.ZEROS);
    ModelVariable<TFloat32> movingMean = assembly.createVariable(
        scope, name + "/moving_mean", "moving_mean", TFloat32.class, shape, Init.ZEROS, false);
    ModelVariable<TFloat32> movingVariance = assembly.createVariable(
        scope, name + "/moving_variance", "moving_variance", TFloat32.class, shape, Init.ONES, false);
    int[] axes = new int[rank - 1];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    Ops batch = scope.withSubScope("batch");
    Operand<TInt32> reduce = batch.constant(axes);
    Operand<TFloat32> mean = batch.math.mean(x, reduce);
    Operand<TFloat32> variance = batch.math.mean(batch.math.squaredDifference(x, batch.stopGradient(mean)), reduce);
    Operand<TFloat32> trainingOut = normalize(batch, x, mean, variance, gamma, beta, epsilon);
    Ops moving = scope.withSubScope("moving");
    Operand<TFloat32> inferenceOut =
        normalize(moving, x, movingMean.read(), movingVariance.read(), gamma, beta, epsilon);
    Ops update = scope.withSubScope("update");
    assembly.runWithTrainingStep(movingAverage(update, movingMean, mean, momentum));
    assembly.runWithTrainingStep(movingAverage(update, movingVariance, variance, momentum));
    return scope.select(assembly.training(), trainingOut, inferenceOut);
  }

  /**
   * Layer normalization over the last axis (Ba et al., 2016): {@code gamma * (x - mean) /
   * sqrt(var + epsilon) + beta} with each example's own mean and variance over its features, in
   * training and prediction alike. Epsilon 1e-3, as Keras.
   */
  public Operand<TFloat32> layerNormalization(String name, Operand<TFloat32> x) {
    return layerNormalization(name, x, 1e-3f);
  }

  /** Layer normalization over the last axis with an explicit epsilon. */
  public Operand<TFloat32> layerNormalization(String name, Operand<TFloat32> x, float epsilon) {
    long channels = staticDim(name, x, -1, "its last dimension");
    requirePositive(name, "epsilon", epsilon);
    Ops scope = assembly.layerOps(name);
    Operand<TFloat32> gamma = variable(scope, name, "gamma", Shape.of(channels), Init.ONES);
    Operand<TFloat32> beta = variable(scope, name, "beta", Shape.of(channels), Init.ZEROS);
    Operand<TInt32> last = scope.constant(new int[] {-1});
    org.tensorflow.op.math.Mean.Options keep = org.tensorflow.op.math.Mean.keepDims(true);
    Operand<TFloat32> mean = scope.math.mean(x, last, keep);
    Operand<TFloat32> variance = scope.math.mean(scope.math.squaredDifference(x, mean), last, keep);
    return normalize(scope, x, mean, variance, gamma, beta, epsilon);
  }

  /**
   * A 1-D convolution over sequences {@code [batch, steps, channels]} with stride 1 and SAME
   * padding (the output keeps {@code steps}), {@code filters} output channels and a kernel of
   * {@code kernelSize} steps. The kernel is {@code <name>/kernel}, {@code [kernelSize, channels,
   * filters]} as in Keras.
   */
  public Operand<TFloat32> conv1d(
      String name, Operand<TFloat32> x, int filters, int kernelSize, Activation activation) {
    requireRank("conv1d '" + name + "'", x, 3, "[batch, steps, channels]");
    long channels = staticDim(name, x, 2, "its channel dimension");
    requirePositive(name, "filters", filters);
    requirePositive(name, "kernelSize", kernelSize);
    Ops scope = assembly.layerOps(name);
    Operand<TFloat32> kernel = variable(
        scope, name, "kernel", Shape.of(kernelSize, channels, filters), Init.GLOROT_UNIFORM);
    Operand<TFloat32> bias = variable(scope, name, "bias", Shape.of(filters), Init.ZEROS);
    Operand<TFloat32> images = scope.expandDims(x, scope.constant(1)); // [batch, 1, steps, channels]
    Operand<TFloat32> kernel2d = scope.expandDims(kernel, scope.constant(0)); // [1, k, channels, filters]
    Operand<TFloat32> conv = scope.nn.conv2d(images, kernel2d, List.of(1L, 1L, 1L, 1L), "SAME");
    Operand<TFloat32> out = scope.squeeze(conv, org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
    return activate(scope, scope.nn.biasAdd(out, bias), activation);
  }

  /** Average pooling over {@code size × size} windows with stride {@code size} (VALID padding), NHWC. */
  public Operand<TFloat32> averagePool2d(Operand<TFloat32> x, int size) {
    requirePositive("averagePool2d", "size", size);
    requireRank("averagePool2d", x, 4, "NHWC");
    List<Long> window = List.of(1L, (long) size, (long) size, 1L);
    return tf().nn.avgPool(x, window, window, "VALID");
  }

  /** Average pooling of sequences {@code [batch, steps, channels]} over {@code size} steps with stride {@code size}. */
  public Operand<TFloat32> averagePool1d(Operand<TFloat32> x, int size) {
    requirePositive("averagePool1d", "size", size);
    requireRank("averagePool1d", x, 3, "[batch, steps, channels]");
    Ops tf = tf();
    List<Long> window = List.of(1L, 1L, (long) size, 1L);
    Operand<TFloat32> pooled = tf.nn.avgPool(tf.expandDims(x, tf.constant(1)), window, window, "VALID");
    return tf.squeeze(pooled, org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
  }

  /**
   * The mean over every axis but the first and the last: {@code [batch, ..., channels]} becomes
   * {@code [batch, channels]} (sequences and images alike).
   */
  public Operand<TFloat32> globalAveragePool(Operand<TFloat32> x) {
    Shape shape = x.shape();
    if (shape.isUnknown() || shape.numDimensions() < 3) {
      throw new ModelBuildException(assembly.modelName()
          + ": globalAveragePool needs an input of rank >= 3 ([batch, ..., channels]), got " + Shapes.format(shape));
    }
    int[] axes = new int[shape.numDimensions() - 2];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i + 1;
    }
    return tf().math.mean(x, tf().constant(axes));
  }

  /**
   * The mean over the steps of sequences {@code [batch, steps, channels]}, counting only the steps
   * where {@code mask} ({@code [batch, steps]}, 1 for a real step, 0 for padding) is 1: {@code
   * [batch, channels]}. A sequence without any real step gives zeros.
   */
  public Operand<TFloat32> globalAveragePool(Operand<TFloat32> x, Operand<TFloat32> mask) {
    requireRank("globalAveragePool", x, 3, "[batch, steps, channels]");
    Ops tf = tf();
    Operand<TFloat32> m = tf.expandDims(mask, tf.constant(-1)); // [batch, steps, 1]
    Operand<TFloat32> sum = tf.sum(tf.math.mul(x, m), tf.constant(1));
    Operand<TFloat32> count = tf.math.maximum(tf.sum(m, tf.constant(1)), tf.constant(1e-9f));
    return tf.math.div(sum, count);
  }

  /** Joins {@code xs} along {@code axis} (negative counts from the end; -1 is the features). */
  @SafeVarargs
  public final Operand<TFloat32> concatenate(int axis, Operand<TFloat32>... xs) {
    if (xs.length < 2) {
      throw new ModelBuildException(assembly.modelName() + ": concatenate needs at least two inputs, got " + xs.length);
    }
    int rank = xs[0].shape().isUnknown() ? -1 : xs[0].shape().numDimensions();
    for (Operand<TFloat32> x : xs) {
      if (x.shape().isUnknown() || x.shape().numDimensions() != rank) {
        throw new ModelBuildException(assembly.modelName() + ": concatenate needs inputs of one known rank, got "
            + shapes(xs));
      }
    }
    int a = axis < 0 ? rank + axis : axis;
    if (a < 0 || a >= rank) {
      throw new ModelBuildException(
          assembly.modelName() + ": concatenate axis " + axis + " is out of range for rank " + rank);
    }
    for (Operand<TFloat32> x : xs) {
      for (int d = 0; d < rank; d++) {
        long want = xs[0].shape().get(d);
        long got = x.shape().get(d);
        if (d != a && want >= 0 && got >= 0 && want != got) {
          throw new ModelBuildException(assembly.modelName() + ": concatenate along axis " + axis
              + " needs the other dimensions to agree, got " + shapes(xs));
        }
      }
    }
    return tf().concat(List.of(xs), tf().constant(a));
  }

  /**
   * The element-wise sum of {@code xs}, all of one shape: a residual connection is {@code
   * add(x, block(x))}.
   */
  @SafeVarargs
  public final Operand<TFloat32> add(Operand<TFloat32>... xs) {
    if (xs.length < 2) {
      throw new ModelBuildException(assembly.modelName() + ": add needs at least two inputs, got " + xs.length);
    }
    for (Operand<TFloat32> x : xs) {
      if (!Shapes.compatible(xs[0].shape(), x.shape()) || x.shape().isUnknown()
          || x.shape().numDimensions() != xs[0].shape().numDimensions()) {
        throw new ModelBuildException(
            assembly.modelName() + ": add needs inputs of one shape, got " + shapes(xs));
      }
    }
    return tf().math.addN(List.of(xs));
  }

  private static Operand<TFloat32> normalize(Ops tf, Operand<TFloat32> x, Operand<TFloat32> mean,
      Operand<TFloat32> variance, Operand<TFloat32> gamma, Operand<TFloat32> beta, float epsilon) {
    Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(variance, tf.constant(epsilon)));
    return tf.math.add(tf.math.mul(tf.math.mul(tf.math.sub(x, mean), inv), gamma), beta);
  }

  private static org.tensorflow.op.Op movingAverage(
      Ops tf, ModelVariable<TFloat32> moving, Operand<TFloat32> batch, float momentum) {
    Operand<TFloat32> next = tf.math.add(
        tf.math.mul(moving.read(), tf.constant(momentum)), tf.math.mul(batch, tf.constant(1f - momentum)));
    return tf.assignVariableOp(moving.handle(), next);
  }

  @SafeVarargs
  private static String shapes(Operand<TFloat32>... xs) {
    StringBuilder b = new StringBuilder();
    for (Operand<TFloat32> x : xs) {
      b.append(b.length() == 0 ? "" : ", ").append(Shapes.format(x.shape()));
    }
    return b.toString();
  }

  private void requireRank(String layer, Operand<TFloat32> x, int rank, String layout) {
    if (x.shape().isUnknown() || x.shape().numDimensions() != rank) {
      throw new ModelBuildException(assembly.modelName() + ": " + layer + " needs " + layout + " input of rank "
          + rank + ", got shape " + Shapes.format(x.shape()));
    }
  }

  private void requirePositive(String layer, String what, float value) {
    if (!(value > 0f)) {
      throw new ModelBuildException(
          assembly.modelName() + ": layer '" + layer + "' needs " + what + " > 0, got " + value);
    }
  }

  private Operand<TFloat32> activate(Ops scope, Operand<TFloat32> x, Activation activation) {
    switch (activation) {
      case LINEAR:
        return x;
      case RELU:
        return scope.nn.relu(x);
      case TANH:
        return scope.math.tanh(x);
      case SIGMOID:
        return scope.math.sigmoid(x);
      case SOFTMAX:
        return scope.nn.softmax(x);
      default:
        throw new AssertionError(activation);
    }
  }

  private Operand<TFloat32> variable(Ops scope, String layer, String leaf, Shape shape, Init init) {
    return assembly.createVariable(scope, layer + "/" + leaf, leaf, TFloat32.class, shape, init);
  }

  private long staticDim(String layer, Operand<TFloat32> x, int axis, String what) {
    Shape shape = x.shape();
    if (shape.isUnknown() || shape.numDimensions() == 0) {
      throw new ModelBuildException(
          assembly.modelName() + ": layer '" + layer + "' needs an input of known rank, got " + Shapes.format(shape));
    }
    int index = axis < 0 ? shape.numDimensions() + axis : axis;
    long dim = shape.get(index);
    if (dim < 0) {
      throw new ModelBuildException(
          assembly.modelName() + ": layer '" + layer + "' needs " + what + " to be known, got input shape "
              + Shapes.format(shape));
    }
    return dim;
  }

  private void requirePositive(String layer, String what, int value) {
    if (value <= 0) {
      throw new ModelBuildException(
          assembly.modelName() + ": layer '" + layer + "' needs " + what + " > 0, got " + value);
    }
  }
}
