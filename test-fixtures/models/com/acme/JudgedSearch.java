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
 * A nested composition: the whole {@link SearchPipeline} behind a BOUNDARY, and a SCOPE judge
 * (trained by this composition's loss) fed from the pipeline's embedding.
 */
@Isolated(level = Isolation.BOUNDARY, scope = "judged")
@Wire(from = "retrieval.encoderEmbedding", to = "judge.embedding")
public interface JudgedSearch {
  SearchPipeline retrieval();

  @Isolated(level = Isolation.SCOPE, scope = "judge")
  Ranker judge();

  @Input(shape = {-1, 1}, label = true)
  Operand<TFloat32> verdict();

  @Loss
  default Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.meanSquaredError(judge().score(tf), verdict());
  }
}
