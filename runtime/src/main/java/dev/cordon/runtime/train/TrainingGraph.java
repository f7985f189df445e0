package dev.cordon.runtime.train;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * What an {@link Optimizer} may use while it adds its update ops to one model's graph. Everything
 * it creates lives inside that model's scope, so two models' optimizers sit side by side in one
 * graph without touching each other.
 */
public interface TrainingGraph {

  /** Ops scoped to {@code <model scope>/cordon.train/<optimizer name>}. */
  Ops ops();

  /**
   * A zero-initialised, non-trainable resource variable of the gradient's type and shape, named
   * {@code <model scope>/cordon.train/<optimizer name>/<variable name>/<slot>}, initialised with
   * the model and never saved in its checkpoints.
   */
  <T extends TType> Operand<? extends TType> slot(Gradient<T> gradient, String slot);

  /**
   * A zero-initialised, non-trainable resource variable of the optimizer's own (a step counter,
   * say), named {@code <model scope>/cordon.train/<optimizer name>/<name>}.
   */
  <T extends TType> Operand<? extends TType> state(String name, Class<T> type, Shape shape);

  /**
   * The learning rate in force at this step, as {@code type}: {@code schedule} evaluated at the
   * model's step counter ({@code <model scope>/cordon.train/<optimizer name>/iterations}, the
   * number of steps taken before this one), times the model's learning-rate scale (1 unless
   * changed while training). The counter is created with the first call and advanced after every
   * step; every call of one build must pass the same schedule.
   */
  <T extends TType> Operand<T> learningRate(LearningRate schedule, Class<T> type);
}
