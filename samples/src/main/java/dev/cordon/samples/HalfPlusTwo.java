package dev.cordon.samples;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.SavedModel;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A model another team trained in Python: TensorFlow Serving's {@code half_plus_two} test model,
 * y = 0.5 x + 2, imported from its SavedModel (see {@code savedmodels/README.md}). Its TF1
 * variables ({@code a}, {@code b}, ...) go under this model's scope when it is imported.
 */
@Model(scope = "python_team")
@SavedModel(path = "savedmodels/half_plus_two_tf1")
public interface HalfPlusTwo {
  @Input(shape = {-1, 1})
  Operand<TFloat32> x();

  @Output(shape = {-1, 1})
  Operand<TFloat32> y();
}
