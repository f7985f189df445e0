package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.SavedModel;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * A TF 2.21 {@code tf.Module} with a vocabulary asset and a lookup table: tokens in, their
 * vocabulary ids (-1 when unknown) and a weight per token out.
 */
@Model(scope = "text")
@SavedModel(path = "savedmodels/tf2.21/text_vocab")
public interface TextVocab {
  @Input(shape = {-1})
  Operand<TString> tokens();

  @Output(shape = {-1})
  Operand<TInt64> ids();

  @Output(shape = {-1})
  Operand<TFloat32> weight();
}
