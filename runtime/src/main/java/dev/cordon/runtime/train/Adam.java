package dev.cordon.runtime.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Adam with slots {@code m} and {@code v} per variable and one step counter per model; with a
 * weight decay, AdamW (Loshchilov and Hutter, 2019): before its Adam update every variable is
 * shrunk by {@code lr * weightDecay * w}, decoupled from the gradient, as Keras' {@code AdamW}.
 *
 * <p>Deterministic by construction: the bias corrections {@code beta^t} are computed from the
 * counter's value read before the step, and the counter is incremented only after every update
 * has run (a control dependency). TF Java 1.1.0's own Adam assigns its beta powers as siblings of
 * the updates, so its first step reads either the old or the new power at random.
 */
final class Adam extends Optimizer {
  private final LearningRate learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float weightDecay;

  Adam(LearningRate learningRate, float beta1, float beta2, float epsilon, float weightDecay) {
    checkFraction("Adam beta1", beta1);
    checkFraction("Adam beta2", beta2);
    checkPositive("Adam epsilon", epsilon);
    if (!(weightDecay >= 0f) || Float.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("AdamW weight decay must be a finite number >= 0, got " + weightDecay);
    }
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
  }

  @Override
  public String name() {
    return weightDecay > 0f ? "AdamW" : "Adam";
  }

  @Override
  public Op applyGradients(TrainingGraph graph, List<Gradient<?>> gradients) {
    Ops tf = graph.ops();
    Operand<? extends TType> step = graph.state("step", TFloat32.class, Shape.scalar());
    // t of this step = steps taken before it + 1.
    Operand<TFloat32> t = tf.math.add(tf.readVariableOp(step, TFloat32.class), tf.constant(1f));
    Operand<TFloat32> beta1Power = tf.math.pow(tf.constant(beta1), t);
    Operand<TFloat32> beta2Power = tf.math.pow(tf.constant(beta2), t);
    List<Op> updates = new ArrayList<>();
    for (Gradient<?> g : gradients) {
      updates.add(apply(graph, g, beta1Power, beta2Power));
    }
    return tf.withControlDependencies(updates).assignAddVariableOp(step, tf.constant(1f));
  }

  private <T extends TType> Op apply(
      TrainingGraph graph, Gradient<T> g, Operand<TFloat32> beta1Power, Operand<TFloat32> beta2Power) {
    Ops tf = graph.ops();
    Class<T> type = g.type();
    Operand<T> lr = graph.learningRate(learningRate, type);
    if (weightDecay > 0f) {
      // w -= lr * wd * w, then the Adam update of the decayed w (Keras' AdamW order). The decay
      // waits for the gradient (itself after every gradient of the step): without that it could
      // run before the forward pass read w, and a step would see decayed weights at random.
      Ops afterGradient = tf.withControlDependencies(List.of(g.value()));
      Operand<T> w = afterGradient.readVariableOp(g.variable(), type);
      Op decay = afterGradient.assignSubVariableOp(
          g.variable(), afterGradient.math.mul(afterGradient.math.mul(lr, constant(afterGradient, weightDecay, type)), w));
      tf = tf.withControlDependencies(List.of(decay));
    }
    return tf.train.resourceApplyAdam(
        g.variable(),
        graph.slot(g, "m"),
        graph.slot(g, "v"),
        tf.dtypes.cast(beta1Power, type),
        tf.dtypes.cast(beta2Power, type),
        lr,
        constant(tf, beta1, type),
        constant(tf, beta2, type),
        constant(tf, epsilon, type),
        g.value());
  }

  @Override
  public String toString() {
    return name() + "(lr=" + learningRate + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon
        + (weightDecay > 0f ? ", weightDecay=" + weightDecay : "") + ")";
  }
}
