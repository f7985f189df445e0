package dev.cordon.flink;

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
import org.tensorflow.types.TInt32;

/** A linear softmax classifier over 784 pixels: small enough to build in every subtask quickly. */
@Model(scope = "digits")
public abstract class LinearDigits {
  @Input(shape = {-1, 784})
  abstract Operand<TFloat32> pixels();

  @Input(shape = {-1}, label = true)
  abstract Operand<TInt32> digit();

  @Variable(shape = {784, 10}, init = Init.GLOROT_UNIFORM)
  abstract Operand<TFloat32> kernel();

  @Variable(shape = {10}, init = Init.ZEROS)
  abstract Operand<TFloat32> bias();

  @Output(shape = {-1, 10})
  Operand<TFloat32> logits(Ops tf) {
    return tf.math.add(tf.linalg.matMul(pixels(), kernel()), bias());
  }

  @Loss
  Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.sparseSoftmaxCrossEntropy(logits(tf), digit());
  }
}
