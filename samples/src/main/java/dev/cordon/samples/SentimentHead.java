package dev.cordon.samples;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.runtime.Activation;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A yes/no question about a word, answered from the encoder's code: two scores, no and yes. */
@Model(scope = "sentiment_head")
public abstract class SentimentHead {

  @Input(shape = {-1, CharEncoder.CODE_SIZE})
  abstract Operand<TFloat32> code();

  @Output(shape = {-1, 2})
  Operand<TFloat32> logits(Ops tf, Layers nn) {
    Operand<TFloat32> x = nn.dense("hidden", code(), 32, Activation.RELU);
    return nn.dense("logits", x, 2, Activation.LINEAR);
  }
}
