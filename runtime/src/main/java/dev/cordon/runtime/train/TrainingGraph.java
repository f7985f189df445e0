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
}
