package dev.cordon.runtime.train;

import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;

/** A copy of a model's weights in memory (as EarlyStopping keeps the best); close it to free them. */
public final class WeightSnapshot implements AutoCloseable {

  private final Map<String, Tensor> values;
  private boolean closed;

  /** Takes ownership of {@code values}. */
  public WeightSnapshot(Map<String, Tensor> values) {
    this.values = Map.copyOf(values);
  }

  /** The names of the weights held. */
  public List<String> names() {
    return List.copyOf(values.keySet());
  }

  /** The tensors, owned by the snapshot. */
  public Map<String, Tensor> values() {
    if (closed) {
      throw new IllegalStateException("the weight snapshot is closed");
    }
    return values;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      values.values().forEach(Tensor::close);
    }
  }
}
