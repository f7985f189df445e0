package dev.cordon.runtime;

import org.tensorflow.Operand;
import org.tensorflow.types.family.TNumber;

public interface Layers {
  <T extends TNumber> Operand<T> sparseSoftmaxCrossEntropy(
      Operand<T> logits, Operand<? extends TNumber> labels);
}
