package dev.cordon.it.runtime;

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

/** Nests {@link PipelineBOUNDARY} behind a BOUNDARY and wires its embedding into a SCOPE judge. */
@Isolated(level = Isolation.SCOPE, scope = "outer")
@Wire(from = "retrieval.encoderEmbedding", to = "judge.embedding")
public interface OuterBOUNDARY {
  @Isolated(level = Isolation.BOUNDARY, scope = "retrieval")
  PipelineBOUNDARY retrieval();

  @Isolated(level = Isolation.SCOPE, scope = "judge")
  Ranker judge();

  @Input(shape = {-1, 1}, label = true)
  Operand<TFloat32> verdict();

  @Loss
  default Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.meanSquaredError(judge().score(tf), verdict());
  }
}
