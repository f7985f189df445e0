package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.runtime.Activation;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A score in (0, 1) from six features, batch-normalised first. */
@Model(scope = "score")
public interface ScoreHead {
  @Input(shape = {-1, 6})
  Operand<TFloat32> features();

  @Output(shape = {-1, 1})
  default Operand<TFloat32> score(Layers nn) {
    return nn.dense("out", nn.batchNormalization("bn", features()), 1, Activation.SIGMOID);
  }
}
