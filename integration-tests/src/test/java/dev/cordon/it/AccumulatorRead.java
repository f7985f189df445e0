package dev.cordon.it;

import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.SavedModel;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** The TF 2.21 accumulator's "serving_default" signature, which takes no input: the total. */
@Model(scope = "accumulator_read")
@SavedModel(path = "savedmodels/tf2.21/accumulator")
public interface AccumulatorRead {
  @Output(shape = {})
  Operand<TFloat32> total();
}
