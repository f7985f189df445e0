package dev.cordon.it;

import com.acme.Encoder;
import com.acme.Ranker;
import dev.cordon.Input;
import dev.cordon.Isolated;
import dev.cordon.Isolation;
import dev.cordon.Loss;
import dev.cordon.Wire;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A GRAPH encoder wired into a SCOPE ranker, and beside them a regression the loss never reads:
 * trainStep takes the encoder's pixels (which the ranker's score needs, across the GRAPH wire)
 * and the label, not the regression's x.
 */
@Isolated(level = Isolation.SCOPE, scope = "branches")
@Wire(from = "encoder.embedding", to = "ranker.embedding")
public interface TwoBranches {
  @Isolated(level = Isolation.GRAPH)
  Encoder encoder();

  Ranker ranker();

  Regression side();

  @Input(shape = {-1, 1}, label = true)
  Operand<TFloat32> relevance();

  @Loss
  default Operand<TFloat32> loss(Ops tf, Layers nn) {
    return nn.meanSquaredError(ranker().score(tf), relevance());
  }
}
