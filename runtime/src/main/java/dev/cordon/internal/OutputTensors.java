package dev.cordon.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.types.family.TType;

/**
 * The outputs of one run of a model, a composition or an imported SavedModel, by name. Owns their
 * tensors: they stay valid until {@link #close()}. The generated {@code Outputs} holders wrap it.
 *
 * <p>Not API: used by generated code; may change in any release.
 */
public final class OutputTensors implements AutoCloseable {

  private final String owner;
  private final List<String> names;
  private final Map<String, Integer> indices = new HashMap<>();
  private final List<Tensor> tensors;
  private final AutoCloseable resource; // closes every tensor
  private boolean closed;

  private OutputTensors(String owner, List<String> names, List<Tensor> tensors, AutoCloseable resource) {
    this.owner = owner;
    this.names = List.copyOf(names);
    for (int i = 0; i < names.size(); i++) {
      indices.put(names.get(i), i);
    }
    this.tensors = tensors;
    this.resource = resource;
  }

  /** The fetches of one session run, in the order of {@code names}; closing closes the result. */
  public static OutputTensors of(String owner, List<String> names, Result result) {
    return new OutputTensors(owner, names, null, result);
  }

  /**
   * Tensors of several runs, in the order of {@code names}. Two names may share one tensor (an
   * output fetched once, named twice): closing closes each tensor once.
   */
  public static OutputTensors of(String owner, List<String> names, List<Tensor> tensors) {
    List<Tensor> copy = List.copyOf(tensors);
    return new OutputTensors(owner, names, copy, () -> copy.stream().distinct().forEach(Tensor::close));
  }

  /** The output {@code name}, owned by this holder. */
  public synchronized <T extends TType> T get(String name, Class<T> type) {
    if (closed) {
      throw new IllegalStateException(owner + ": these outputs are closed");
    }
    Integer index = indices.get(name);
    if (index == null) {
      throw new IllegalArgumentException(owner + " has no output '" + name + "'; it has " + names);
    }
    return type.cast(tensors == null ? ((Result) resource).get(index) : tensors.get(index));
  }

  /** Frees the output tensors. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      resource.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
