package dev.cordon.benchmarks;

import dev.cordon.Init;
import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.Variable;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The upstream model of the wire benchmarks: an activation as wide as its input, {@code x · scale}. */
@Model(scope = "producer")
public abstract class Producer {
  @Input(shape = {-1, -1})
  abstract Operand<TFloat32> x();

  @Variable(shape = {}, init = Init.ONES)
  abstract Operand<TFloat32> scale();

  @Output(shape = {-1, -1})
  Operand<TFloat32> activation(Ops tf) {
    return tf.math.mul(x(), scale());
  }
}
