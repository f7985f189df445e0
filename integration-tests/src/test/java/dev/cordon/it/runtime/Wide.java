package dev.cordon.it.runtime;

import dev.cordon.Init;
import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.Variable;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** {@link Linear}'s variables with a wider {@code w} ([3, 1]): its checkpoint does not fit Linear. */
@Model(scope = "wide")
public interface Wide {
  @Input(shape = {-1, 3})
  Operand<TFloat32> x();

  @Variable(shape = {3, 1}, init = Init.ONES)
  Operand<TFloat32> w();

  @Variable(shape = {1}, init = Init.ZEROS)
  Operand<TFloat32> b();

  @Output(shape = {-1, 1})
  default Operand<TFloat32> y(Ops tf) {
    return tf.math.add(tf.linalg.matMul(x(), w()), b());
  }
}
