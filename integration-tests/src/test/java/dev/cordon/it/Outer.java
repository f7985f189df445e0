package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.runtime.Activation;
import dev.cordon.runtime.Layers;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Holds a nested model and an interface model, to check generated names and interface support. */
public final class Outer {
  private Outer() {}

  /** Generates {@code CordonOuter_Scaler}. */
  @Model(scope = "scaler")
  public abstract static class Scaler {
    @Input(shape = {-1, 3})
    public abstract Operand<TFloat32> values();

    @Output(shape = {-1, 2})
    protected Operand<TFloat32> scaled(Layers nn) {
      return nn.dense("dense", values(), 2, Activation.SIGMOID);
    }
  }

  /** An interface model: outputs are default methods. */
  @Model(scope = "doubler")
  public interface Doubler {
    @Input(shape = {-1})
    Operand<TFloat32> in();

    @Output(shape = {-1}, name = "twice")
    default Operand<TFloat32> doubled(org.tensorflow.op.Ops tf) {
      return tf.math.mul(in(), tf.constant(2f));
    }
  }
}
