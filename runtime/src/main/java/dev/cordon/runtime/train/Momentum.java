package dev.cordon.runtime.train;

import org.tensorflow.op.Op;
import org.tensorflow.types.family.TType;

/** Gradient descent with momentum; one {@code accumulator} slot per variable. */
final class Momentum extends PerVariableOptimizer {
  private final LearningRate learningRate;
  private final float momentum;

  Momentum(LearningRate learningRate, float momentum) {
    checkFraction("Momentum momentum", momentum);
    this.learningRate = learningRate;
    this.momentum = momentum;
  }

  @Override
  public String name() {
    return "Momentum";
  }

  @Override
  <T extends TType> Op apply(TrainingGraph graph, Gradient<T> g) {
    var tf = graph.ops();
    return tf.train.resourceApplyMomentum(
        g.variable(),
        graph.slot(g, "accumulator"),
        graph.learningRate(learningRate, g.type()),
        g.value(),
        constant(tf, momentum, g.type()));
  }

  @Override
  public String toString() {
    return "Momentum(lr=" + learningRate + ", momentum=" + momentum + ")";
  }
}
