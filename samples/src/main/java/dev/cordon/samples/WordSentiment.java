package dev.cordon.samples;

import dev.cordon.Input;
import dev.cordon.Isolated;
import dev.cordon.Isolation;
import dev.cordon.Loss;
import dev.cordon.Wire;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One shared character encoder and two heads, each a model of its own in its own scope: {@code
 * polarity} tells positive words from negative ones, {@code intensity} strong words (|rating| of
 * 3 or more) from mild ones. The composition's loss is the sum of both heads' cross-entropies:
 * fit trains the encoder for both and each head for its own question only; no gradient of one
 * head's loss reaches the other head.
 */
@Isolated(level = Isolation.SCOPE)
@Wire(from = "encoder.code", to = "polarity.code")
@Wire(from = "encoder.code", to = "intensity.code")
public interface WordSentiment {

  CharEncoder encoder();

  SentimentHead polarity();

  @Isolated(level = Isolation.SCOPE, scope = "intensity")
  SentimentHead intensity();

  /** 1 for a positive word, 0 for a negative one. */
  @Input(shape = {-1}, label = true)
  Operand<TInt32> positive();

  /** 1 for a strong word, 0 for a mild one. */
  @Input(shape = {-1}, label = true)
  Operand<TInt32> strong();

  @Loss
  default Operand<TFloat32> loss(Ops tf, Layers nn) {
    return tf.math.add(
        nn.sparseSoftmaxCrossEntropy(polarity().logits(tf, nn), positive()),
        nn.sparseSoftmaxCrossEntropy(intensity().logits(tf, nn), strong()));
  }
}
