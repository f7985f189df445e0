package dev.cordon.samples;

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
 * A small classifier that reads a digit from the autoencoder's 32-number code rather than from
 * its pixels. Its variables, {@code hidden/kernel}, {@code hidden/bias}, {@code logits/kernel}
 * and {@code logits/bias}, have the same names as {@link DigitClassifier}'s and {@link
 * Autoencoder}'s.
 */
@Model(scope = "code_classifier")
public abstract class CodeClassifier {

  /** The autoencoder's code of each image. */
  @Input(shape = {-1, Autoencoder.CODE_SIZE})
  abstract Operand<TFloat32> code();

  /** The digit each image shows, 0 to 9; fed only to training steps. */
  @Input(shape = {-1}, label = true)
  abstract Operand<TInt32> digit();

  /** One score per digit and image; the highest score is the prediction. */
  @Output(shape = {-1, 10})
  Operand<TFloat32> logits(Ops tf, Layers nn) {
    Operand<TFloat32> x = nn.dense("hidden", code(), 64, Activation.RELU); // [batch, 64]
    return nn.dense("logits", x, 10, Activation.LINEAR);                 // [batch, 10]
  }

  /** The mean cross-entropy between the scores and the true digits. */
  @Loss
  Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.sparseSoftmaxCrossEntropy(logits(tf, nn), digit());
  }
}
