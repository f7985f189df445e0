package dev.cordon.runtime.train;

import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/** Plain gradient descent. */
final class Sgd extends PerVariableOptimizer {
  private final LearningRate learningRate;

  Sgd(LearningRate learningRate) {
    this.learningRate = learningRate;
  }

  @Override
  public String name() {
    return "SGD";
  }

  @Override
  <T extends TType> Op apply(TrainingGraph graph, Gradient<T> g) {
    Ops tf = graph.ops();
    return tf.train.resourceApplyGradientDescent(
        g.variable(), graph.learningRate(learningRate, g.type()), g.value());
  }

  @Override
  public String toString() {
    return "SGD(lr=" + learningRate + ")";
  }
}
