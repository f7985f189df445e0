package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.SavedModel;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras 3.15's {@code model.export()} of a 6 -> 16 -> 16 -> 2 MLP (test-fixtures/savedmodels-tf2.21). */
@Model(scope = "mlp")
@SavedModel(path = "savedmodels/tf2.21/keras3_mlp", signature = "serving_default")
public interface KerasMlp {
  @Input(shape = {-1, 6})
  Operand<TFloat32> measurements();

  @Output(name = "output_0", shape = {-1, 2})
  Operand<TFloat32> score();
}
