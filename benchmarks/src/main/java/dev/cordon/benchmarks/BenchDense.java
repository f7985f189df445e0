package dev.cordon.benchmarks;

import dev.cordon.Input;
import dev.cordon.Loss;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.runtime.Activation;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The model of issue 8's own measurements: one dense layer over flattened 28x28 images, {@code
 * [n, 784] x [784, 10] + bias}, trained on sparse softmax cross-entropy. {@link
 * HandWrittenClassifier#dense} is the same graph in plain TF Java.
 */
@Model(scope = "bench")
public abstract class BenchDense {

  @Input(shape = {-1, 784})
  public abstract Operand<TFloat32> pixels();

  @Input(shape = {-1}, label = true)
  public abstract Operand<TInt32> digit();

  @Output(shape = {-1, 10})
  public Operand<TFloat32> logits(Ops tf, Layers nn) {
    return nn.dense("out", pixels(), 10, Activation.LINEAR);
  }

  @Loss
  public Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.sparseSoftmaxCrossEntropy(logits(tf, nn), digit());
  }
}
