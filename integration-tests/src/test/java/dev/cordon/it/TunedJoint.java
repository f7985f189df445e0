package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Isolated;
import dev.cordon.Isolation;
import dev.cordon.Loss;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Nests {@link JointPipeline} at SCOPE level: this composition's loss trains the models inside. */
@Isolated(level = Isolation.SCOPE, scope = "tuned")
public interface TunedJoint {
  JointPipeline joint();

  @Input(shape = {-1, 1}, label = true)
  Operand<TFloat32> target();

  @Loss
  default Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.meanSquaredError(joint().ranker().score(tf), target());
  }
}
