package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.SavedModel;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** The TF 2.21 accumulator's stateful "add" signature: adds amount to total, returns the total. */
@Model(scope = "accumulator")
@SavedModel(path = "savedmodels/tf2.21/accumulator", signature = "add")
public interface AccumulatorAdd {
  @Input(shape = {})
  Operand<TFloat32> amount();

  @Output(shape = {})
  Operand<TFloat32> total();
}
