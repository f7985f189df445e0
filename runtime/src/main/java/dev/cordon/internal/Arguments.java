package dev.cordon.internal;

import dev.cordon.internal.ModelSpec.InputSpec;
import dev.cordon.runtime.savedmodel.SavedModelSignature.TensorSpec;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

/**
 * The one argument check of every public entry point: typed methods and their array overloads,
 * {@code run} and {@code trainStep} of models and compositions, the runtime API ({@code
 * TensorArrays}, {@code ModelVariables}, output holders, builders) and SavedModel imports. Each
 * entry point calls it first, so a wrong call is refused before any tensor is created and before
 * native code runs:
 *
 * <ul>
 *   <li>{@link IllegalArgumentException} for a wrong argument: null, a null or ragged row of a Java
 *       array, an unknown or null name, a tensor of the wrong type, rank or static dimension, a
 *       closed tensor, a requested result type the output does not have. The message starts with
 *       {@code <Owner>.<method>: } and names the input (and the row: {@code pixels[3] has 783
 *       values, expected 784}).
 *   <li>{@link IllegalStateException} for a call on something closed: {@code cannot call
 *       <Owner>.<method>: the model is closed}.
 * </ul>
 *
 * <p>Not API: used by the runtime and by generated code; may change in any release.
 */
public final class Arguments {

  private static final List<Class<? extends TType>> KNOWN_TYPES = List.of(
      TFloat32.class, TFloat64.class, TInt32.class, TInt64.class, TBool.class, TString.class,
      TFloat16.class, TBfloat16.class, TUint8.class, TUint16.class);

  /** The Java array element of the tensor types TensorArrays converts. */
  private static final Map<Class<?>, Class<?>> ELEMENTS = Map.of(
      TFloat32.class, float.class, TFloat64.class, double.class, TInt32.class, int.class,
      TInt64.class, long.class, TBool.class, boolean.class);

  private Arguments() {}

  // ---- receivers ------------------------------------------------------------------------------

  /** Throws {@link IllegalStateException} {@code cannot call <owner>.<method>: <what> is closed}. */
  public static void open(boolean closed, String owner, String method, String what) {
    if (closed) {
      throw new IllegalStateException("cannot call " + owner + "." + method + ": " + what + " is closed");
    }
  }

  /** Throws {@link IllegalStateException} {@code <call>: these outputs are closed}. */
  public static void holderOpen(boolean closed, String call) {
    if (closed) {
      throw new IllegalStateException(call + ": these outputs are closed");
    }
  }

  // ---- plain parameters -----------------------------------------------------------------------

  /** {@code value}, or an {@link IllegalArgumentException} {@code <owner>.<method>: <parameter> is null}. */
  public static <T> T notNull(String owner, String method, String parameter, T value) {
    if (value == null) {
      throw new IllegalArgumentException(owner + "." + method + ": " + parameter + " is null");
    }
    return value;
  }

  /** {@code values} and each of its elements are not null. */
  public static <T> T[] noNulls(String owner, String method, String parameter, T[] values) {
    notNull(owner, method, parameter, values);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw new IllegalArgumentException(owner + "." + method + ": " + parameter + "[" + i + "] is null");
      }
    }
    return values;
  }

  /**
   * {@code name}, when one of {@code known}; else an {@link IllegalArgumentException} naming the
   * owner, the method, the kind of name ({@code output}, {@code variable}, ...) and the known ones.
   */
  public static String name(String owner, String method, String kind, String name, Collection<String> known) {
    if (name == null) {
      throw new IllegalArgumentException(
          owner + "." + method + ": the " + kind + " name is null; " + owner + " has " + List.copyOf(known));
    }
    if (!known.contains(name)) {
      throw new IllegalArgumentException(
          owner + "." + method + ": " + owner + " has no " + kind + " '" + name + "'; it has " + List.copyOf(known));
    }
    return name;
  }

  // ---- tensors --------------------------------------------------------------------------------

  /**
   * The whole check of a prediction: {@code owner} open, {@code output} one of {@code outputTypes},
   * {@code requested} a type of that output (a {@code TInt32} output asked for as {@code TFloat32}
   * would otherwise be a ClassCastException after the run, with the result never closed), and
   * {@link #tensors} for the inputs.
   */
  public static void prediction(
      String owner, boolean closed, String what, Map<String, Class<? extends TType>> outputTypes,
      String output, Class<?> requested, List<InputSpec> specs, Tensor[] inputs) {
    String method = output == null ? "predict" : output;
    open(closed, owner, method, what);
    name(owner, method, "output", output, outputTypes.keySet());
    resultType(owner, output, outputTypes.get(output), requested);
    tensors(owner, method, specs, inputs);
  }

  /** {@code requested} is {@code declared} or a supertype of it (e.g. {@code TType}). */
  public static void resultType(String owner, String output, Class<?> declared, Class<?> requested) {
    if (requested == null) {
      throw new IllegalArgumentException(owner + "." + output + ": the requested result type is null; output '"
          + output + "' is " + declared.getSimpleName());
    }
    if (!requested.isAssignableFrom(declared)) {
      throw new IllegalArgumentException(owner + "." + output + ": output '" + output + "' is "
          + declared.getSimpleName() + ", not " + requested.getSimpleName());
    }
  }

  /** {@code tensor}, when it is a {@code type}; else an {@link IllegalArgumentException} naming both. */
  public static <T> T instance(String owner, String method, String output, Tensor tensor, Class<T> type) {
    if (type == null) {
      throw new IllegalArgumentException(owner + "." + method + ": the requested type of output '" + output + "' is null");
    }
    if (!type.isInstance(tensor)) {
      throw new IllegalArgumentException(owner + "." + method + ": output '" + output + "' is "
          + typeName(tensor) + ", not " + type.getSimpleName());
    }
    return type.cast(tensor);
  }

  /**
   * The inputs of a call, in the order of {@code specs}: as many as declared, none null or closed,
   * each of the declared type, rank and static dimensions.
   */
  public static void tensors(String owner, String method, List<InputSpec> specs, Tensor[] values) {
    count(owner + "." + method, specs, values);
    for (int i = 0; i < values.length; i++) {
      input(owner + "." + method, specs.get(i), values[i]);
    }
  }

  /** As many inputs as {@code specs} declares (only untyped callers can get this wrong). */
  public static void count(String call, List<InputSpec> specs, Tensor[] values) {
    if (values == null || values.length != specs.size()) {
      throw new IllegalArgumentException(
          call + " takes " + specs.size() + " input(s) " + specs.stream().map(InputSpec::name).toList()
              + ", got " + (values == null ? "null" : String.valueOf(values.length)));
    }
  }

  /** One input of a call, as in {@link #tensors}: not null or closed, of its type, rank and static dims. */
  public static void input(String call, InputSpec in, Tensor value) {
    tensor(call, in.name(), in.type().getSimpleName(), in.type().isInstance(value), in.shape(), value);
  }

  /** Every input of a run, as in {@link #tensors}, after checking that the owner is open. */
  public static void inputs(
      String owner, String method, boolean closed, String what, List<InputSpec> specs, Tensor[] values) {
    open(closed, owner, method, what);
    tensors(owner, method, specs, values);
  }

  /**
   * The inputs of a SavedModel signature, by key: a map, no null or unknown key, every input there,
   * not null or closed, of its dtype and declared shape.
   */
  public static void signatureInputs(
      String call, Map<String, TensorSpec> specs, Map<String, ? extends Tensor> inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException(call + " takes inputs " + specs.keySet() + ", got null");
    }
    for (String k : inputs.keySet()) {
      if (k == null) {
        throw new IllegalArgumentException(call + ": an input key is null; its inputs are " + specs.keySet());
      }
      if (!specs.containsKey(k)) {
        throw new IllegalArgumentException(call + " has no input '" + k + "'; its inputs are " + specs.keySet());
      }
    }
    for (Map.Entry<String, TensorSpec> e : specs.entrySet()) {
      TensorSpec in = e.getValue();
      Tensor value = inputs.get(e.getKey());
      if (value == null) {
        throw new IllegalArgumentException(call + ": input '" + e.getKey() + "' is missing or null; expected "
            + in.dtype() + " of shape " + Shapes.format(in.shape()));
      }
      tensor(call, e.getKey(), String.valueOf(in.dtype()), value.dataType() == in.dtype(), in.shape(), value);
    }
  }

  private static void tensor(String call, String input, String type, boolean typeOk, Shape shape, Tensor value) {
    String expected = type + " of shape " + Shapes.format(shape);
    if (value == null) {
      throw new IllegalArgumentException(call + ": input '" + input + "' is null; expected " + expected);
    }
    if (isClosed(value)) {
      throw new IllegalArgumentException(call + ": input '" + input + "' is a closed tensor; expected " + expected);
    }
    if (!typeOk || !fits(shape, value.shape())) {
      throw new IllegalArgumentException(call + ": input '" + input + "' expects " + expected + ", got "
          + (typeOk ? type : type.startsWith("DT_") ? String.valueOf(value.dataType()) : typeName(value))
          + " of shape " + Shapes.format(value.shape()));
    }
  }

  /**
   * {@code tensor} for a copy into a Java array of rank {@code rank} ({@code TensorArrays.xs<N>d}):
   * not null, not closed (reading a closed tensor reads freed memory), of that rank.
   */
  public static <T extends Tensor> T readable(String call, T tensor, int rank) {
    if (tensor == null) {
      throw new IllegalArgumentException(call + ": the tensor is null");
    }
    if (isClosed(tensor)) {
      throw new IllegalArgumentException(call + ": the tensor is closed");
    }
    if (tensor.shape().numDimensions() != rank) {
      throw new IllegalArgumentException(call + ": the tensor has shape " + Shapes.format(tensor.shape())
          + ", not rank " + rank);
    }
    return tensor;
  }

  /** Whether {@code t}'s native memory is freed (TF Java throws for it; Cordon must not read it). */
  public static boolean isClosed(Tensor t) {
    try {
      t.numBytes(); // throws IllegalStateException once closed; a plain read of the size otherwise
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  private static boolean fits(Shape expected, Shape actual) {
    if (expected.isUnknown()) {
      return true;
    }
    if (actual.numDimensions() != expected.numDimensions()) {
      return false;
    }
    for (int d = 0; d < expected.numDimensions(); d++) {
      if (expected.get(d) >= 0 && expected.get(d) != actual.get(d)) {
        return false;
      }
    }
    return true;
  }

  static String typeName(Tensor value) {
    for (Class<? extends TType> type : KNOWN_TYPES) {
      if (type.isInstance(value)) {
        return type.getSimpleName();
      }
    }
    return String.valueOf(value.dataType());
  }

  // ---- Java arrays ----------------------------------------------------------------------------

  /**
   * The Java array given for input {@code in} of an array overload, checked before it becomes a
   * tensor: not null, an array of the input's element type and rank, no null row, no ragged row,
   * every static dimension as declared ({@code pixels[3] has 783 values, expected 784}).
   */
  public static <A> A array(String owner, String method, InputSpec in, A array) {
    String call = owner + "." + method;
    String expected = in.type().getSimpleName() + " of shape " + Shapes.format(in.shape());
    if (array == null) {
      throw new IllegalArgumentException(call + ": input '" + in.name() + "' is null; expected " + expected);
    }
    int rank = in.shape().isUnknown() ? rankOf(array.getClass()) : in.shape().numDimensions();
    if (rank == 0) {
      throw new IllegalArgumentException(call + ": input '" + in.name() + "' is " + expected + ", which has no"
          + " Java array form; got a " + array.getClass().getSimpleName());
    }
    Class<?> element = ELEMENTS.get(in.type());
    if (rankOf(array.getClass()) != rank || (element != null && leafOf(array.getClass()) != element)) {
      throw new IllegalArgumentException(call + ": input '" + in.name() + "' is a "
          + array.getClass().getSimpleName() + ", expected " + expected
          + (element == null ? "" : " (a " + element.getName() + "[]".repeat(rank) + ")"));
    }
    long[] dims = new long[rank];
    for (int d = 0; d < rank; d++) {
      dims[d] = in.shape().isUnknown() ? -1 : in.shape().get(d);
    }
    String problem = rows(in.name(), array, dims);
    if (problem != null) {
      throw new IllegalArgumentException(call + ": " + problem + " (input '" + in.name() + "' is " + expected + ")");
    }
    if (rank > 1 && Array.getLength(array) == 0) {
      for (int d = 1; d < rank; d++) {
        if (dims[d] >= 0) {
          throw new IllegalArgumentException(call + ": input '" + in.name() + "' is an empty array, whose other"
              + " dimensions a Java array cannot carry; expected " + expected + ". Pass a tensor of shape "
              + Shapes.format(Shape.of(emptyShape(dims))) + " to the tensor overload instead");
        }
      }
    }
    return array;
  }

  /**
   * {@code array} is a rectangular Java array (no null row, every row as long as its first
   * sibling), for {@code TensorArrays.of}; {@code name} names it in the message.
   */
  public static <A> A rectangular(String call, String name, A array) {
    if (array == null) {
      throw new IllegalArgumentException(call + ": " + name + " is null");
    }
    long[] dims = new long[rankOf(array.getClass())];
    if (dims.length == 0) {
      throw new IllegalArgumentException(call + ": " + name + " is a " + array.getClass().getSimpleName() + ", not an array");
    }
    java.util.Arrays.fill(dims, -1);
    String problem = rows(name, array, dims);
    if (problem != null) {
      throw new IllegalArgumentException(call + ": " + problem);
    }
    return array;
  }

  private static long[] emptyShape(long[] dims) {
    long[] s = dims.clone();
    s[0] = 0;
    return s;
  }

  /** The first null, ragged or wrongly sized row of {@code array}, described; null when none. */
  private static String rows(String name, Object array, long[] dims) {
    long[] seen = dims.clone(); // each level's length: declared, or that of its first row
    String[] first = new String[dims.length];
    int length = Array.getLength(array);
    if (seen[0] >= 0 && length != seen[0]) {
      return name + " has " + length + " " + unit(dims.length, 0) + ", expected " + seen[0];
    }
    return rows(name, array, 1, seen, first, new StringBuilder(name));
  }

  private static String rows(String name, Object array, int level, long[] seen, String[] first, StringBuilder path) {
    if (level >= seen.length) {
      return null;
    }
    Object[] rows = (Object[]) array;
    int mark = path.length();
    for (int i = 0; i < rows.length; i++) {
      path.setLength(mark);
      path.append('[').append(i).append(']');
      Object row = rows[i];
      if (row == null) {
        return path + " is null";
      }
      int length = Array.getLength(row);
      if (seen[level] < 0) {
        seen[level] = length;
        first[level] = path.toString();
      } else if (length != seen[level]) {
        return path + " has " + length + " " + unit(seen.length, level) + ", expected " + seen[level]
            + (first[level] == null ? "" : " like " + first[level]);
      }
      String inner = rows(name, row, level + 1, seen, first, path);
      if (inner != null) {
        return inner;
      }
    }
    path.setLength(mark);
    return null;
  }

  private static String unit(int rank, int level) {
    return level == rank - 1 ? "values" : "rows";
  }

  private static int rankOf(Class<?> type) {
    int rank = 0;
    while (type.isArray()) {
      rank++;
      type = type.getComponentType();
    }
    return rank;
  }

  private static Class<?> leafOf(Class<?> type) {
    while (type.isArray()) {
      type = type.getComponentType();
    }
    return type;
  }
}
