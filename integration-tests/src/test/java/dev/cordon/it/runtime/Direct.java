package dev.cordon.it.runtime;

import com.acme.Encoder;
import dev.cordon.Isolated;
import dev.cordon.Isolation;
import dev.cordon.Loss;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A loss that reads a BOUNDARY member's output itself, not through a wire: a gradient reaches the
 * encoder (the training step never applies it), which the gradient check reports.
 */
@Isolated(level = Isolation.BOUNDARY, scope = "direct")
public interface Direct {
  Encoder encoder();

  @Loss
  default Operand<TFloat32> loss(Ops tf, Layers nn) {
    return tf.math.mean(tf.math.square(encoder().embedding(nn)), tf.constant(new int[] {0, 1}));
  }
}
