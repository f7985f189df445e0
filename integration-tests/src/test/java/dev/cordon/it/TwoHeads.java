package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Isolated;
import dev.cordon.Isolation;
import dev.cordon.Loss;
import dev.cordon.Wire;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Shared features (batch normalisation, dropout) and a class head at SCOPE level, trained by the
 * loss; a BOUNDARY score head the loss reads but never trains; a GRAPH side head it never reads.
 */
@Isolated(level = Isolation.SCOPE, scope = "heads")
@Wire(from = "features.features", to = "classes.features")
@Wire(from = "features.features", to = "score.features")
@Wire(from = "features.features", to = "side.features")
public interface TwoHeads {
  NormFeatures features();

  ClassHead classes();

  @Isolated(level = Isolation.BOUNDARY)
  ScoreHead score();

  @Isolated(level = Isolation.GRAPH)
  ClassHead side();

  @Input(shape = {-1}, label = true)
  Operand<TInt32> digit();

  @Input(shape = {-1, 1}, label = true)
  Operand<TFloat32> target();

  @Loss
  default Operand<TFloat32> loss(Ops tf, Layers nn) {
    return tf.math.add(nn.sparseSoftmaxCrossEntropy(classes().logits(nn), digit()),
        nn.meanSquaredError(score().score(nn), target()));
  }
}
