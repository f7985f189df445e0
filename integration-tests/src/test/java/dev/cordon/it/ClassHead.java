package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Three class logits from six features. */
@Model(scope = "classes")
public interface ClassHead {
  @Input(shape = {-1, 6})
  Operand<TFloat32> features();

  @Output(shape = {-1, 3})
  default Operand<TFloat32> logits(Layers nn) {
    return nn.dense("out", features(), 3);
  }
}
