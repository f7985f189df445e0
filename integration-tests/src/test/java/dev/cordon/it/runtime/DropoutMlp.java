package dev.cordon.it.runtime;

import dev.cordon.Input;
import dev.cordon.Loss;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.runtime.Activation;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** {@link Mlp} with dropout after the hidden layer: training draws from the seed. */
@Model(scope = "mlp")
public interface DropoutMlp {
  @Input(shape = {-1, 4})
  Operand<TFloat32> pixels();

  @Input(shape = {-1}, label = true)
  Operand<TInt32> digit();

  @Output(shape = {-1, 3})
  default Operand<TFloat32> logits(Layers nn) {
    return nn.dense("out", nn.dropout(nn.dense("hidden", pixels(), 8, Activation.TANH), 0.5f), 3);
  }

  @Loss
  default Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.sparseSoftmaxCrossEntropy(logits(nn), digit());
  }
}
