package dev.cordon.flink.sql;

import dev.cordon.runtime.CordonModel;
import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

/**
 * What a {@code CREATE MODEL ... WITH ('provider' = 'cordon')} declares, shared by the sync and
 * the batching async predict functions: how to build the model with its public API (found by
 * name: {@code CordonFoo.builder()}, {@code savedModelPath(Path)} when set, {@code build()}, {@code
 * restore(Path)} when a checkpoint is set, the {@code float[][] output(float[][]...)} array
 * method), how a row becomes one row of each input, and how an output row becomes the result.
 */
final class CordonSqlModel implements Serializable {
  private static final long serialVersionUID = 1L;

  final String modelClass;
  final String output;
  final String checkpoint;
  final String savedModel;
  final int inputs;
  final boolean argMax;
  /** The most rows scored in one call by the async function. */
  final int batchSize;
  /** How long the async function lets the oldest waiting row wait for a batch to fill. */
  final long maxDelayMillis;

  CordonSqlModel(String modelClass, String output, String checkpoint, String savedModel,
      int inputs, boolean argMax, int batchSize, long maxDelayMillis) {
    this.modelClass = modelClass;
    this.output = output;
    this.checkpoint = checkpoint;
    this.savedModel = savedModel;
    this.inputs = inputs;
    this.argMax = argMax;
    this.batchSize = batchSize;
    this.maxDelayMillis = maxDelayMillis;
  }

  /** One row's inputs (a copy, one float[] per INPUT column), or null if any is NULL. */
  float[][] features(RowData row) {
    float[][] features = new float[inputs][];
    for (int i = 0; i < inputs; i++) {
      if (row.isNullAt(i)) {
        return null; // a null input has no prediction
      }
      features[i] = row.getArray(i).toFloatArray();
    }
    return features;
  }

  /** Builds the model, in the task's user-code class loader. */
  Scorer open(ClassLoader loader) throws Exception {
    Class<?> type = Class.forName(modelClass, true, loader);
    Object builder = type.getMethod("builder").invoke(null);
    if (savedModel != null) {
      builder.getClass().getMethod("savedModelPath", Path.class).invoke(builder, Path.of(savedModel));
    }
    AutoCloseable model = (AutoCloseable) builder.getClass().getMethod("build").invoke(builder);
    try {
      if (checkpoint != null) {
        ((CordonModel) model).restore(Path.of(checkpoint));
      }
      Class<?>[] parameters = new Class<?>[inputs];
      Arrays.fill(parameters, float[][].class);
      Method method;
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
      return new Scorer(model, method);
    } catch (Exception | Error e) {
      model.close();
      throw e;
    }
  }

  /** One built model; not thread-safe (one caller at a time). */
  final class Scorer implements AutoCloseable {
    private final AutoCloseable model;
    private final Method method;

    private Scorer(AutoCloseable model, Method method) {
      this.model = model;
      this.method = method;
    }

    /** Scores the rows ({@link #features} of each) in one model call: one result row each. */
    List<RowData> score(List<float[][]> rows) {
      Object[] arguments = new Object[inputs];
      for (int i = 0; i < inputs; i++) {
        float[][] column = new float[rows.size()][];
        for (int r = 0; r < column.length; r++) {
          column[r] = rows.get(r)[i];
        }
        arguments[i] = column;
      }
      float[][] results;
      try {
        results = (float[][]) method.invoke(model, arguments);
      } catch (InvocationTargetException e) {
        throw new IllegalArgumentException(modelClass + "." + output + " failed on "
            + (rows.size() == 1 ? "a row" : rows.size() + " rows") + ": "
            + e.getCause().getMessage(), e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
      List<RowData> out = new ArrayList<>(results.length);
      for (float[] result : results) {
        out.add(argMax ? GenericRowData.of(argMax(result))
            : GenericRowData.of(new GenericArrayData(result)));
      }
      return out;
    }

    @Override
    public void close() throws Exception {
      model.close();
    }
  }

  private static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
