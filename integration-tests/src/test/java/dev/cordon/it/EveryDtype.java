package dev.cordon.it;

import dev.cordon.Input;
import dev.cordon.Loss;
import dev.cordon.Model;
import dev.cordon.Output;
import dev.cordon.Variable;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * One input of every dtype with a Java form, at ranks 0 to 3, each handed back (negated, doubled,
 * plus one, or as it is) by an output: the array overloads' conversions ({@code JavaArrays}) both
 * ways.
 */
@Model(scope = "every_dtype")
public interface EveryDtype {
  @Input(shape = {-1, 2})
  Operand<TFloat32> f32();

  @Input(shape = {-1})
  Operand<TFloat64> f64();

  @Input(shape = {-1, 1, 2})
  Operand<TInt32> i32();

  @Input(shape = {})
  Operand<TInt64> i64();

  @Input(shape = {-1})
  Operand<TBool> flags();

  @Input(shape = {-1, 2})
  Operand<TUint8> bytes();

  @Input(shape = {})
  Operand<TString> word();

  @Input(shape = {-1})
  Operand<TFloat16> half();

  @Input(shape = {-1, 2}, label = true)
  Operand<TFloat32> target();

  @Variable(shape = {2})
  Operand<TFloat32> w();

  @Output(shape = {-1, 2})
  default Operand<TFloat32> scaled(Ops tf) {
    return tf.math.mul(f32(), w());
  }

  @Output(shape = {-1})
  default Operand<TFloat64> doubles(Ops tf) {
    return tf.math.neg(f64());
  }

  @Output(shape = {-1, 1, 2})
  default Operand<TInt32> ints(Ops tf) {
    return tf.math.add(i32(), tf.constant(1));
  }

  @Output(shape = {})
  default Operand<TInt64> count(Ops tf) {
    return tf.math.mul(tf.constant(2L), i64());
  }

  @Output(shape = {-1})
  default Operand<TBool> negated(Ops tf) {
    return tf.math.logicalNot(flags());
  }

  @Output(shape = {-1, 2})
  default Operand<TUint8> image(Ops tf) {
    return tf.identity(bytes());
  }

  @Output(shape = {})
  default Operand<TString> echo(Ops tf) {
    return tf.identity(word());
  }

  @Output(shape = {-1})
  default Operand<TFloat16> halves(Ops tf) {
    return tf.math.add(half(), half());
  }

  @Loss
  default Operand<TFloat32> loss(Ops tf) {
    return tf.math.mean(tf.math.square(tf.math.sub(scaled(tf), target())), tf.constant(new int[] {0, 1}));
  }
}
