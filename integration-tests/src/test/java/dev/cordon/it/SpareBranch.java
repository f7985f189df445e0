package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Isolated;
import dev.cordon.Isolation;
import dev.cordon.Loss;
import dev.cordon.Wire;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;

/** Beside the trained features and head, a SCOPE member with batch normalisation the loss never reads. */
@Isolated(level = Isolation.SCOPE, scope = "spared")
@Wire(from = "features.features", to = "classes.features")
public interface SpareBranch {
  NormFeatures features();

  ClassHead classes();

  @Isolated(level = Isolation.SCOPE, scope = "spare")
  NormFeatures spare();

  @Input(shape = {-1}, label = true)
  Operand<TInt32> digit();

  @Loss
  default Operand<org.tensorflow.types.TFloat32> loss(Ops tf, Layers nn) {
    return nn.sparseSoftmaxCrossEntropy(classes().logits(nn), digit());
  }
}
