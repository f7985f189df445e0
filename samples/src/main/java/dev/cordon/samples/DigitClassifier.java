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
 * A small convolutional network that reads handwritten digits. Cordon's annotation processor
 * turns this declaration into {@code CordonDigitClassifier}, whose instances build the network
 * under the name scope {@code classifier}, and offer {@code logits(float[][] pixels)} and {@code
 * trainStep(float[][] pixels, int[] digit)}.
 */
@Model(scope = "classifier")
public abstract class DigitClassifier {

  /** A batch of 28 × 28 grey images, flattened row by row, each pixel in [0, 1]. */
  @Input(shape = {-1, 784})
  abstract Operand<TFloat32> pixels();

  /** The digit each image shows, 0 to 9; fed only to training steps. */
  @Input(shape = {-1}, label = true)
  abstract Operand<TInt32> digit();

  /** One score per digit and image; the highest score is the prediction. */
  @Output(shape = {-1, 10})
  Operand<TFloat32> logits(Ops tf, Layers nn) {
    Operand<TFloat32> x = nn.reshape(pixels(), -1, 28, 28, 1);   // [batch, 28, 28, 1]
    x = nn.conv2d("conv1", x, 32, 3, Activation.RELU);           // [batch, 28, 28, 32]
    x = nn.maxPool2d(x, 2);                                      // [batch, 14, 14, 32]
    x = nn.conv2d("conv2", x, 64, 3, Activation.RELU);           // [batch, 14, 14, 64]
    x = nn.maxPool2d(x, 2);                                      // [batch, 7, 7, 64]
    x = nn.dense("hidden", nn.flatten(x), 128, Activation.RELU); // [batch, 128]
    x = nn.dropout(x, 0.3f);                                     // training steps only
    return nn.dense("logits", x, 10, Activation.LINEAR);         // [batch, 10]
  }

  /** What training minimises: the mean cross-entropy between the scores and the true digits. */
  @Loss
  Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.sparseSoftmaxCrossEntropy(logits(tf, nn), digit());
  }
}
