package dev.cordon.runtime.train;

import org.tensorflow.op.Op;
import org.tensorflow.types.family.TType;

/** RMSProp; slots {@code rms} and {@code momentum} per variable. */
final class RmsProp extends PerVariableOptimizer {
  private final LearningRate learningRate;
  private final float rho;
  private final float momentum;
  private final float epsilon;

  RmsProp(LearningRate learningRate, float rho, float momentum, float epsilon) {
    checkFraction("RMSProp rho", rho);
    checkFraction("RMSProp momentum", momentum);
    checkPositive("RMSProp epsilon", epsilon);
    this.learningRate = learningRate;
    this.rho = rho;
    this.momentum = momentum;
    this.epsilon = epsilon;
  }

  @Override
  public String name() {
    return "RMSProp";
  }

  @Override
  <T extends TType> Op apply(TrainingGraph graph, Gradient<T> g) {
    var tf = graph.ops();
    return tf.train.resourceApplyRmsProp(
        g.variable(),
        graph.slot(g, "rms"),
        graph.slot(g, "momentum"),
        graph.learningRate(learningRate, g.type()),
        constant(tf, rho, g.type()),
        constant(tf, momentum, g.type()),
        constant(tf, epsilon, g.type()),
        g.value());
  }

  @Override
  public String toString() {
    return "RMSProp(lr=" + learningRate + ", rho=" + rho + ", momentum=" + momentum + ", epsilon=" + epsilon + ")";
  }
}
