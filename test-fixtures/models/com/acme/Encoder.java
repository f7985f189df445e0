package com.acme;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.runtime.Activation;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A composition member: one dense layer from 4 pixels to a 3-wide embedding. */
@Model(scope = "encoder")
public interface Encoder {
  @Input(shape = {-1, 4})
  Operand<TFloat32> pixels();

  @Output(shape = {-1, 3})
  default Operand<TFloat32> embedding(Layers nn) {
    return nn.dense("embed", pixels(), 3, Activation.TANH);
  }
}
