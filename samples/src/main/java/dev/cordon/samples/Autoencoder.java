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

/**
 * Team A's model: squeezes a digit into 32 numbers and draws it back from them. It learns without
 * labels: the target of the reconstruction is the image itself.
 *
 * <p>Its layers are deliberately named like the classifiers' ({@code hidden}, {@code logits}), so
 * {@code hidden/kernel} exists in the autoencoder, in {@link DigitClassifier} and in every {@link
 * CodeClassifier}: Cordon keeps each under its own scope.
 */
@Model(scope = "autoencoder")
public abstract class Autoencoder {

  /** The size of the code the autoencoder squeezes a digit into. */
  public static final int CODE_SIZE = 32;

  /** A batch of 28 × 28 grey images, flattened row by row, each pixel in [0, 1]. */
  @Input(shape = {-1, 784})
  abstract Operand<TFloat32> pixels();

  /** 32 numbers per image: everything the decoder gets to see. */
  @Output(shape = {-1, CODE_SIZE})
  Operand<TFloat32> code(Ops tf, Layers nn) {
    Operand<TFloat32> x = nn.dense("hidden", pixels(), 256, Activation.RELU);   // [batch, 256]
    return nn.dense("bottleneck", x, CODE_SIZE, Activation.LINEAR);            // [batch, 32]
  }

  /** The image drawn back from its code, each pixel in (0, 1). */
  @Output(shape = {-1, 784})
  Operand<TFloat32> reconstruction(Ops tf, Layers nn) {
    Operand<TFloat32> x = nn.dense("expand", code(tf, nn), 256, Activation.RELU); // [batch, 256]
    return nn.sigmoid(nn.dense("logits", x, 784, Activation.LINEAR));            // [batch, 784]
  }

  /** The mean squared difference between each pixel and its reconstruction. */
  @Loss
  Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.meanSquaredError(reconstruction(tf, nn), pixels());
  }
}
