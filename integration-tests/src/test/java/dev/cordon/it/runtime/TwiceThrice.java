package dev.cordon.it.runtime;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Two outputs and no variable: its export has no saver. */
@Model(scope = "doubler")
public interface TwiceThrice {
  @Input(shape = {-1})
  Operand<TFloat32> x();

  @Output(shape = {-1})
  default Operand<TFloat32> twice(Ops tf) {
    return tf.math.mul(x(), tf.constant(2f));
  }

  @Output(shape = {-1})
  default Operand<TFloat32> thrice(Ops tf) {
    return tf.math.mul(x(), tf.constant(3f));
  }
}
