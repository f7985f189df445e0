package com.acme;

import dev.cordon.Init;
import dev.cordon.Input;
import dev.cordon.Loss;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.Variable;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A composition member with a weight of its own: with w = ones, the score is the embedding's sum. */
@Model(scope = "ranker")
public interface Ranker {
  @Input(shape = {-1, 3})
  Operand<TFloat32> embedding();

  @Input(shape = {-1, 1}, label = true)
  Operand<TFloat32> target();

  @Variable(shape = {3, 1}, init = Init.ONES)
  Operand<TFloat32> w();

  @Output(shape = {-1, 1})
  default Operand<TFloat32> score(Ops tf) {
    return tf.linalg.matMul(embedding(), w());
  }

  @Loss
  default Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.meanSquaredError(score(tf), target());
  }
}
