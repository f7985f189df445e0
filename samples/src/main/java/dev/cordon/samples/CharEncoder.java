package dev.cordon.samples;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.runtime.Activation;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Reads a word letter by letter: an embedding of each character, two 1-D convolutions over the
 * sequence (the second one residual), then the mean over the real characters (padding masked
 * out), to a code of {@link #CODE_SIZE} floats.
 */
@Model(scope = "char_encoder")
public abstract class CharEncoder {

  public static final int CODE_SIZE = 32;

  /** The character ids of each word ({@link SentimentWords#encode}), 0 for padding. */
  @Input(shape = {-1, SentimentWords.LENGTH})
  abstract Operand<TInt32> chars();

  @Output(shape = {-1, CODE_SIZE})
  Operand<TFloat32> code(Ops tf, Layers nn) {
    Operand<TFloat32> mask = tf.dtypes.cast(tf.math.notEqual(chars(), tf.constant(0)), TFloat32.class);
    Operand<TFloat32> x = nn.embedding("embedding", chars(), SentimentWords.VOCABULARY, 16); // [batch, 20, 16]
    x = nn.conv1d("conv1", x, 48, 3, Activation.RELU);                                  // [batch, 20, 48]
    x = nn.add(x, nn.conv1d("conv2", x, 48, 3, Activation.RELU));                       // residual
    x = nn.layerNormalization("norm", x);
    Operand<TFloat32> pooled = nn.globalAveragePool(x, mask);                            // [batch, 48]
    return nn.dense("code", pooled, CODE_SIZE, Activation.RELU);                         // [batch, 32]
  }
}
