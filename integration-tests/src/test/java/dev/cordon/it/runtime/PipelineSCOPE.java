package dev.cordon.it.runtime;

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

/** An encoder at SCOPE level wired into a SCOPE head; the composition's loss trains the head. */
@Isolated(level = Isolation.SCOPE, scope = "pipeline")
@Wire(from = "encoder.embedding", to = "head.embedding")
public interface PipelineSCOPE {
  @Isolated(level = Isolation.SCOPE)
  Encoder encoder();

  @Isolated(level = Isolation.SCOPE, scope = "head")
  Ranker head();

  @Input(shape = {-1, 1}, label = true)
  Operand<TFloat32> target();

  @Loss
  default Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.meanSquaredError(head().score(tf), target());
  }
}
