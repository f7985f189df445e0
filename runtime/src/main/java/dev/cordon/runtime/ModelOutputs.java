package dev.cordon.runtime;

import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.types.family.TType;

/**
 * The outputs of one run of a model. Owns their tensors: they stay valid until {@link #close()}.
 */
public final class ModelOutputs implements AutoCloseable {

  private final String modelName;
  private final Map<String, Integer> indices;
  private final Result result;
  private boolean closed;

  ModelOutputs(String modelName, List<String> names, Result result) {
    this.modelName = modelName;
    this.indices = new java.util.HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      indices.put(names.get(i), i);
    }
    this.result = result;
  }

  /** The output {@code name}, owned by this holder. */
  public synchronized <T extends TType> T get(String name, Class<T> type) {
    if (closed) {
      throw new IllegalStateException(modelName + ": these outputs are closed");
    }
    Integer index = indices.get(name);
    if (index == null) {
      throw new IllegalArgumentException(modelName + " has no output '" + name + "'; it has " + indices.keySet());
    }
    return type.cast(result.get(index));
  }

  /** Frees the output tensors. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      result.close();
    }
  }
}
