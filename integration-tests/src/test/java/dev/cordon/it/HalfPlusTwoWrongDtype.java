package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.SavedModel;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Declares the output of half_plus_two with the wrong dtype: refused when built. The compile-time
 * check would refuse it first; it is switched off here so the build-time check can be tested.
 */
@SuppressWarnings("cordon:SavedModelSignature")
@Model(scope = "wrong_dtype")
@SavedModel(path = "savedmodels/half_plus_two_tf1")
public interface HalfPlusTwoWrongDtype {
  @Input(shape = {-1, 1})
  Operand<TFloat32> x();

  @Output(shape = {-1, 1})
  Operand<TInt32> y();
}
