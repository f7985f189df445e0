package dev.cordon.runtime.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/** Plain gradient descent. */
final class Sgd extends Optimizer {
  private final float learningRate;

  Sgd(float learningRate) {
    checkPositive("SGD learning rate", learningRate);
    this.learningRate = learningRate;
  }

  @Override
  public String name() {
    return "SGD";
  }

  @Override
  public Op applyGradients(TrainingGraph graph, List<Gradient<?>> gradients) {
    List<Op> updates = new ArrayList<>();
    for (Gradient<?> g : gradients) {
      updates.add(apply(graph.ops(), g));
    }
    return graph.ops().withControlDependencies(updates).noOp();
  }

  private <T extends TType> Op apply(Ops tf, Gradient<T> g) {
    return tf.train.resourceApplyGradientDescent(
        g.variable(), constant(tf, learningRate, g.type()), g.value());
  }

  @Override
  public String toString() {
    return "SGD(lr=" + learningRate + ")";
  }
}
