package dev.cordon.internal;

import dev.cordon.internal.ModelSpec.InputSpec;
import dev.cordon.runtime.TensorArrays;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Tensor;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * The bodies of the generated array overloads ({@code float[][] logits(float[][] pixels)}, {@code
 * trainStep(float[][]...)}): each Java array is checked ({@link Arguments#array}, naming the
 * method, input and row), turned into a tensor of its input's type, the tensor call is made, every
 * tensor is closed when it returns, and a tensor result comes back as the Java array of its type
 * and rank. The generated method's signature fixes each array's Java type; this class only picks
 * the {@link TensorArrays} conversion that signature stands for, by the names the generator once
 * wrote out ({@code of}, {@code floats2d}, {@code floatValue}). Not API.
 */
public final class JavaArrays {

  /** Checks one array (or scalar) for {@code input}; throws as {@link Arguments#array} does. */
  public interface Check {
    void check(InputSpec input, Object array);
  }

  private JavaArrays() {}

  /**
   * Calls {@code call} with one tensor per array of {@code arrays}, converted for {@code inputs}
   * after {@code check} accepted it, and closes them when it returns. A {@link Tensor} result is
   * read into its Java form and closed; any other result is returned as it is.
   */
  @SuppressWarnings("unchecked")
  public static <A> A call(
      String owner, String method, List<InputSpec> inputs, Object[] arrays, Check check,
      Function<Tensor[], Object> call) {
    if (arrays.length != inputs.size()) { // only a hand-written caller can get this wrong
      throw new IllegalArgumentException(owner + "." + method + ": expected " + inputs.size() + " arrays, got "
          + arrays.length);
    }
    Tensor[] tensors = new Tensor[arrays.length];
    try {
      for (int i = 0; i < arrays.length; i++) {
        InputSpec in = inputs.get(i);
        if (arrays[i] == null || arrays[i].getClass().isArray()) {
          check.check(in, arrays[i]);
        }
        tensors[i] = tensor(in.type(), arrays[i]);
      }
      Object result = call.apply(tensors);
      if (result instanceof Tensor t) {
        try (t) {
          return (A) value(t);
        }
      }
      return (A) result;
    } finally {
      for (Tensor t : tensors) {
        if (t != null) {
          t.close();
        }
      }
    }
  }

  /**
   * The {@link TensorArrays} name stem of each tensor type: {@code floats} reads {@code
   * floats2d(TFloat32)} and {@code floatValue(TFloat32)}; every type but the half-precision ones
   * is made by {@code of(...)}.
   */
  private static final Map<Class<?>, String> STEMS = Map.of(
      TFloat32.class, "floats", TFloat64.class, "doubles", TInt32.class, "ints", TInt64.class, "longs",
      TBool.class, "booleans", TUint8.class, "bytes", TString.class, "strings",
      TFloat16.class, "float16s", TBfloat16.class, "bfloat16s");

  /** The primitive element of each boxed scalar, as {@code TensorArrays.of(float)} takes it. */
  private static final Map<Class<?>, Class<?>> PRIMITIVES = Map.of(
      Float.class, float.class, Double.class, double.class, Integer.class, int.class,
      Long.class, long.class, Boolean.class, boolean.class, Byte.class, byte.class);

  /** {@code TensorArrays.of}, {@code float16Of} and {@code bfloat16Of} by argument class, found once. */
  private static final ClassValue<Method> OF = factories("of");
  private static final ClassValue<Method> FLOAT16_OF = factories("float16Of");
  private static final ClassValue<Method> BFLOAT16_OF = factories("bfloat16Of");

  /** The readers of each tensor type, by rank (0 the scalar's {@code floatValue}), found on first use. */
  private static final ClassValue<Method[]> READERS = new ClassValue<>() {
    @Override
    protected Method[] computeValue(Class<?> type) {
      return new Method[5];
    }
  };

  private static ClassValue<Method> factories(String name) {
    return new ClassValue<>() {
      @Override
      protected Method computeValue(Class<?> argument) {
        return find(name, PRIMITIVES.getOrDefault(argument, argument));
      }
    };
  }

  /**
   * The tensor of {@code type} for a Java array of rank 1 to 4 or a boxed scalar: {@code
   * TensorArrays.of(float[][])} for a {@code float[][]}, {@code float16Of(float[])} for a
   * {@code TFloat16} input.
   */
  static Tensor tensor(Class<?> type, Object array) {
    ClassValue<Method> factory = type == TFloat16.class ? FLOAT16_OF : type == TBfloat16.class ? BFLOAT16_OF : OF;
    return (Tensor) invoke(factory.get(array.getClass()), array);
  }

  /** The Java form of {@code t}: an array of its rank (1 to 4), or its element for a scalar. */
  static Object value(Tensor t) {
    Class<?> type = ((TType) t).type();
    int rank = t.shape().numDimensions();
    Method[] readers = READERS.get(type);
    Method reader = rank < readers.length ? readers[rank] : null; // a race finds one twice, harmlessly
    if (reader == null) {
      String stem = STEMS.get(type);
      reader = find(rank == 0 ? stem.substring(0, stem.length() - 1) + "Value" : stem + rank + "d", type);
      readers[rank] = reader; // rank 5 and up: find has thrown, TensorArrays reads up to rank 4
    }
    return invoke(reader, t);
  }

  private static Method find(String name, Class<?> parameter) {
    try {
      return TensorArrays.class.getMethod(name, parameter);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("TensorArrays has no " + name + "(" + parameter.getSimpleName() + ")", e);
    }
  }

  private static Object invoke(Method method, Object argument) {
    try {
      return method.invoke(null, argument);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
