package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.runtime.Activation;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Features with batch normalisation and dropout: what runs differently in training and inference. */
@Model(scope = "features")
public interface NormFeatures {
  @Input(shape = {-1, 4})
  Operand<TFloat32> x();

  @Output(shape = {-1, 6})
  default Operand<TFloat32> features(Layers nn) {
    return nn.dropout(nn.batchNormalization("bn", nn.dense("dense", x(), 6, Activation.TANH)), 0.25f);
  }
}
