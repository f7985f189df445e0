package dev.cordon.runtime;

import dev.cordon.Init;
import dev.cordon.internal.Initializers;
import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.Shapes;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
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
   * {@code 1 / (1 - rate)}; the identity in predictions. The mask is drawn from the model's seed.
   */
  public Operand<TFloat32> dropout(Operand<TFloat32> x, float rate) {
    if (!(rate >= 0f && rate < 1f)) {
      throw new ModelBuildException(assembly.modelName() + ": dropout rate must be in [0, 1), got " + rate);
    }
    Ops tf = tf();
    long[] seed = Initializers.seed(assembly.seed(), "dropout/" + dropouts++);
    Operand<TFloat32> noise = tf.random.randomUniform(
        tf.shape(x), TFloat32.class,
        org.tensorflow.op.random.RandomUniform.seed(seed[0]), org.tensorflow.op.random.RandomUniform.seed2(seed[1]));
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
