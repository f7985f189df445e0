package dev.cordon.benchmarks;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The downstream model of the wire benchmarks: reduces the activation it is fed to one number a row. */
@Model(scope = "consumer")
public abstract class Consumer {
  @Input(shape = {-1, -1})
  abstract Operand<TFloat32> activation();

  @Output(shape = {-1})
  Operand<TFloat32> sum(Ops tf) {
    return tf.reduceSum(activation(), tf.constant(1));
  }
}
