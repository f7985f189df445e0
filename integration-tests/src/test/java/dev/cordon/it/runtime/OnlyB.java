package dev.cordon.it.runtime;

import dev.cordon.Init;
import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.Variable;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Only {@link Linear}'s {@code b}: its checkpoint lacks Linear's {@code w}. */
@Model(scope = "onlyb")
public interface OnlyB {
  @Input(shape = {-1, 1})
  Operand<TFloat32> x();

  @Variable(shape = {1}, init = Init.ZEROS)
  Operand<TFloat32> b();

  @Output(shape = {-1, 1})
  default Operand<TFloat32> y(Ops tf) {
    return tf.math.add(x(), b());
  }
}
