package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.SavedModel;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A TF1 signature fetching its variable as it is (w: DT_FLOAT_REF), made by the test at run time
 * and imported with {@code savedModelPath}; nothing to check against while compiling.
 */
@Model(scope = "tf1_ref")
@SavedModel(path = "made/by/the/test")
@SuppressWarnings("cordon:SavedModelSignature")
public interface Tf1Ref {
  @Input(shape = {-1, 1})
  Operand<TFloat32> x();

  @Output(shape = {1})
  Operand<TFloat32> w();

  @Output(shape = {-1, 1})
  Operand<TFloat32> y();
}
