package dev.cordon.runtime;

import java.util.List;
import org.tensorflow.Tensor;
import org.tensorflow.types.family.TType;

/** The outputs of one run of a composition. Owns their tensors until {@link #close()}. */
public final class CompositionOutputs implements AutoCloseable {

  private final String compositionName;
  private final List<String> names;
  private final List<Tensor> tensors;
  private boolean closed;

  CompositionOutputs(String compositionName, List<String> names, List<Tensor> tensors) {
    this.compositionName = compositionName;
    this.names = List.copyOf(names);
    this.tensors = List.copyOf(tensors);
  }

  /** The output {@code name}, owned by this holder. */
  public synchronized <T extends TType> T get(String name, Class<T> type) {
    if (closed) {
      throw new IllegalStateException(compositionName + ": these outputs are closed");
    }
    int index = names.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException(compositionName + " has no output '" + name + "'; it has " + names);
    }
    return type.cast(tensors.get(index));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Two outputs may be one tensor (an output fetched once, named twice): close each once.
    tensors.stream().distinct().forEach(Tensor::close);
  }
}
