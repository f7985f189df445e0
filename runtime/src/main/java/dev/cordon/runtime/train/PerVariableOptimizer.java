package dev.cordon.runtime.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.op.Op;
import org.tensorflow.types.family.TType;

/** An optimizer whose step is one independent update per variable, grouped in one op. */
abstract class PerVariableOptimizer extends Optimizer {

  @Override
  public final Op applyGradients(TrainingGraph graph, List<Gradient<?>> gradients) {
    List<Op> updates = new ArrayList<>();
    for (Gradient<?> g : gradients) {
      updates.add(apply(graph, g));
    }
    return graph.ops().withControlDependencies(updates).noOp();
  }

  /** The update of one variable. */
  abstract <T extends TType> Op apply(TrainingGraph graph, Gradient<T> gradient);
}
