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
 * Two teams' models wired together. Team A's {@link Autoencoder} turns pixels into a 32-number
 * code; a small {@link CodeClassifier} head reads the digit from that code. Cordon generates
 * {@code CordonMnistPipeline}, which builds:
 *
 * <ul>
 *   <li>{@code encoder} behind a BOUNDARY: its code reaches the head through {@code
 *       stopGradient}, so training the head can never move the autoencoder's weights;
 *   <li>{@code head} at SCOPE level: the only member the composition's {@link #loss} trains;
 *   <li>{@code auditor}, a second {@link CodeClassifier} in a graph and session of its own: it
 *       receives the code as a tensor handed over from the encoder's session, and shares nothing
 *       else, not even a graph, with the others.
 * </ul>
 */
@Isolated(level = Isolation.BOUNDARY)
@Wire(from = "encoder.code", to = "head.code")
@Wire(from = "encoder.code", to = "auditor.code")
public interface MnistPipeline {

  /** Team A's autoencoder, trained on its own (label-free) and frozen here. */
  Autoencoder encoder();

  /** The head the composition trains: reads the digit from the encoder's code. */
  @Isolated(level = Isolation.SCOPE)
  CodeClassifier head();

  /** A second code classifier, with its own graph and session, under the scope {@code auditor}. */
  @Isolated(level = Isolation.GRAPH, scope = "auditor")
  CodeClassifier auditor();

  /** The digit each image shows: the label of the composition's loss. */
  @Input(shape = {-1}, label = true)
  Operand<TInt32> digit();

  /** What {@code trainStep} minimises: the head's cross-entropy. Trains the SCOPE member only. */
  @Loss
  default Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.sparseSoftmaxCrossEntropy(head().logits(tf, nn), digit());
  }
}
