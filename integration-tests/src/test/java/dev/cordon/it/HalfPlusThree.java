package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.SavedModel;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** TF Serving's half_plus_three test model, made by Python TF1: y = 0.5 x + 3. */
@Model(scope = "half_plus_three")
@SavedModel(path = "savedmodels/half_plus_three_tf1", signature = "serving_default", tags = "serve")
public interface HalfPlusThree {
  @Input(shape = {-1, 1})
  Operand<TFloat32> x();

  @Output(shape = {-1, 1})
  Operand<TFloat32> y();
}
