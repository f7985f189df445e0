package dev.cordon.it;

import com.acme.Encoder;
import com.acme.Ranker;
import dev.cordon.Input;
import dev.cordon.Isolated;
import dev.cordon.Isolation;
import dev.cordon.Loss;
import dev.cordon.Wire;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Both members at SCOPE level, as an abstract class: the composition's loss trains both. */
@Isolated(level = Isolation.SCOPE, scope = "joint")
@Wire(from = "encoder.embedding", to = "ranker.embedding")
public abstract class JointPipeline {
  abstract Encoder encoder();

  abstract Ranker ranker();

  @Input(shape = {-1, 1}, label = true)
  abstract Operand<TFloat32> relevance();

  @Loss
  Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.meanSquaredError(ranker().score(tf), relevance());
  }
}
