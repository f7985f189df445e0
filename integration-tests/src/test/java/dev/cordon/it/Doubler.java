package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A Java model without variables: y = 2 x. */
@Model(scope = "doubler")
public interface Doubler {
  @Input(shape = {-1, 1})
  Operand<TFloat32> x();

  @Output(shape = {-1, 1})
  default Operand<TFloat32> y(Ops tf) {
    return tf.math.mul(x(), tf.constant(2f));
  }
}
