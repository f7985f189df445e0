package dev.cordon.it;

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

/** {@code y = x · w + b} with a mean squared error: small enough to check by hand. */
@Model(scope = "regression")
public abstract class Regression {
  @Input(shape = {-1, 2})
  abstract Operand<TFloat32> x();

  @Input(shape = {-1, 1}, label = true)
  abstract Operand<TFloat32> target();

  @Variable(shape = {2, 1}, init = Init.ONES)
  abstract Operand<TFloat32> w();

  @Variable(shape = {1}, init = Init.ZEROS)
  abstract Operand<TFloat32> b();

  @Output(shape = {-1, 1})
  Operand<TFloat32> y(Ops tf) {
    return tf.math.add(tf.linalg.matMul(x(), w()), b());
  }

  @Loss
  Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.meanSquaredError(y(tf), target());
  }
}
