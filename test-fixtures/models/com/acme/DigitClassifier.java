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
import org.tensorflow.types.TInt32;

/** The declaration from the README: a linear softmax classifier over 784 pixels. */
@Model(scope = "classifier")
public abstract class DigitClassifier {
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

  @Output(shape = {-1})
  Operand<TInt32> digitGuess(Ops tf) {
    return tf.dtypes.cast(tf.math.argMax(logits(tf), tf.constant(1)), TInt32.class);
  }

  @Loss
  Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.sparseSoftmaxCrossEntropy(logits(tf), digit());
  }
}
