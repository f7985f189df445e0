package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.SavedModel;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** TensorFlow Java's TF2 test module, made by Python TF 2.3: signature {@code add}, output_0 = a + b. */
@Model(scope = "adder")
@SavedModel(path = "savedmodels/tf2_python_module", signature = "add")
public interface Adder {
  @Input(shape = {})
  Operand<TFloat32> a();

  @Input(shape = {})
  Operand<TFloat32> b();

  @Output(shape = {}, name = "output_0")
  Operand<TFloat32> sum();
}
