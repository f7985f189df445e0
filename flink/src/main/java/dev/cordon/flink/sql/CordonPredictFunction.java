package dev.cordon.flink.sql;

import dev.cordon.runtime.CordonModel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;

/**
 * Scores one row with a generated model's public API, found by name: {@code CordonFoo.builder()},
 * its {@code build()} (after {@code savedModelPath(Path)} when set), {@code restore(Path)} when a
 * checkpoint is set, and the {@code float[][] output(float[][]...)} array method. Public only
 * because the planner's generated code refers to it; made by {@link CordonModelProviderFactory}.
 */
public final class CordonPredictFunction extends PredictFunction {
  private static final long serialVersionUID = 1L;

  private final String modelClass;
  private final String output;
  private final String checkpoint;
  private final String savedModel;
  private final int inputs;
  private final boolean argMax;

  private transient AutoCloseable model;
  private transient Method method;

  CordonPredictFunction(String modelClass, String output, String checkpoint, String savedModel,
      int inputs, boolean argMax) {
    this.modelClass = modelClass;
    this.output = output;
    this.checkpoint = checkpoint;
    this.savedModel = savedModel;
    this.inputs = inputs;
    this.argMax = argMax;
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    Class<?> type = Class.forName(modelClass, true, context.getUserCodeClassLoader());
    Object builder = type.getMethod("builder").invoke(null);
    if (savedModel != null) {
      builder.getClass().getMethod("savedModelPath", Path.class).invoke(builder, Path.of(savedModel));
    }
    model = (AutoCloseable) builder.getClass().getMethod("build").invoke(builder);
    if (checkpoint != null) {
      ((CordonModel) model).restore(Path.of(checkpoint));
    }
    Class<?>[] parameters = new Class<?>[inputs];
    Arrays.fill(parameters, float[][].class);
    try {
      method = type.getMethod(output, parameters);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(modelClass + " has no method float[][] " + output + "("
          + inputs + " x float[][]); check the model's 'output' option and its INPUT columns", e);
    }
    if (method.getReturnType() != float[][].class) {
      throw new IllegalArgumentException(modelClass + "." + output + " returns "
          + method.getReturnType().getSimpleName() + ", not float[][]");
    }
  }

  @Override
  public Collection<RowData> predict(RowData row) {
    Object[] arguments = new Object[inputs];
    for (int i = 0; i < inputs; i++) {
      if (row.isNullAt(i)) {
        return List.of(); // a null input has no prediction
      }
      arguments[i] = new float[][] {row.getArray(i).toFloatArray()};
    }
    float[] result;
    try {
      result = ((float[][]) method.invoke(model, arguments))[0];
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(modelClass + "." + output + " failed on a row: "
          + e.getCause().getMessage(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
    if (!argMax) {
      return List.of(GenericRowData.of(new GenericArrayData(result)));
    }
    int best = 0;
    for (int i = 1; i < result.length; i++) {
      if (result[i] > result[best]) {
        best = i;
      }
    }
    return List.of(GenericRowData.of(best));
  }

  @Override
  public void close() throws Exception {
    if (model != null) {
      model.close();
      model = null;
    }
  }
}
