package com.acme;

import dev.cordon.Input;
import dev.cordon.Isolated;
import dev.cordon.Isolation;
import dev.cordon.Loss;
import dev.cordon.Wire;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One member at each level: a BOUNDARY encoder feeding a SCOPE ranker (trained by the
 * composition's loss) and a GRAPH audit copy of the ranker (never trained by it).
 */
@Isolated(level = Isolation.BOUNDARY)
@Wire(from = "encoder.embedding", to = "ranker.embedding")
@Wire(from = "encoder.embedding", to = "audit.embedding")
public interface SearchPipeline {
  Encoder encoder();

  @Isolated(level = Isolation.SCOPE)
  Ranker ranker();

  @Isolated(level = Isolation.GRAPH, scope = "audit")
  Ranker audit();

  @Input(shape = {-1, 1}, label = true)
  Operand<TFloat32> relevance();

  @Loss
  default Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.meanSquaredError(ranker().score(tf), relevance());
  }
}
