package dev.cordon.it.runtime;

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

/** Linear regression {@code y = x · w + b} with loss {@code mean((y - target)^2)}: checked by hand. */
@Model(scope = "linear")
public interface Linear {
  @Input(shape = {-1, 2})
  Operand<TFloat32> x();

  @Input(shape = {-1, 1}, label = true)
  Operand<TFloat32> target();

  @Variable(shape = {2, 1}, init = Init.ONES)
  Operand<TFloat32> w();

  @Variable(shape = {1}, init = Init.ZEROS)
  Operand<TFloat32> b();

  @Output(shape = {-1, 1})
  default Operand<TFloat32> y(Ops tf) {
    return tf.math.add(tf.linalg.matMul(x(), w()), b());
  }

  @Loss
  default Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.meanSquaredError(y(tf), target());
  }
}
