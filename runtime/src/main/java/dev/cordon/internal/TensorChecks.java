package dev.cordon.internal;

import dev.cordon.internal.ModelSpec.InputSpec;
import java.util.List;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint16;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/** Refuses a wrong tensor before it reaches native code, naming model, input, expected and actual. */
public final class TensorChecks {

  private static final List<Class<? extends TType>> KNOWN_TYPES = List.of(
      TFloat32.class, TFloat64.class, TInt32.class, TInt64.class, TBool.class, TString.class,
      TFloat16.class, TBfloat16.class, TUint8.class, TUint16.class);

  private TensorChecks() {}

  public static void check(String call, List<InputSpec> specs, Tensor[] values) {
    if (values == null || values.length != specs.size()) {
      throw new IllegalArgumentException(
          call + " takes " + specs.size() + " input(s) " + specs.stream().map(InputSpec::name).toList()
              + ", got " + (values == null ? 0 : values.length));
    }
    for (int i = 0; i < values.length; i++) {
      check(call, specs.get(i), values[i]);
    }
  }

  private static void check(String call, InputSpec in, Tensor value) {
    if (value == null) {
      throw new IllegalArgumentException(
          call + ": input '" + in.name() + "' is null; expected " + describe(in));
    }
    if (!in.type().isInstance(value)) {
      throw mismatch(call, in, value);
    }
    Shape expected = in.shape();
    Shape actual = value.shape();
    if (expected.isUnknown()) {
      return;
    }
    if (actual.numDimensions() != expected.numDimensions()) {
      throw mismatch(call, in, value);
    }
    for (int d = 0; d < expected.numDimensions(); d++) {
      if (expected.get(d) >= 0 && expected.get(d) != actual.get(d)) {
        throw mismatch(call, in, value);
      }
    }
  }

  static String describe(InputSpec in) {
    return in.type().getSimpleName() + " of shape " + Shapes.format(in.shape());
  }

  private static IllegalArgumentException mismatch(String call, InputSpec in, Tensor value) {
    return new IllegalArgumentException(
        call + ": input '" + in.name() + "' expects " + describe(in) + ", got " + typeName(value)
            + " of shape " + Shapes.format(value.shape()));
  }

  private static String typeName(Tensor value) {
    for (Class<? extends TType> type : KNOWN_TYPES) {
      if (type.isInstance(value)) {
        return type.getSimpleName();
      }
    }
    return String.valueOf(value.dataType());
  }
}
