package dev.cordon.runtime.savedmodel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.types.family.TType;

/**
 * The outputs of one run of a signature ({@link ImportedSavedModel#run}), by key. Owns their
 * tensors: they stay valid until {@link #close()}, which frees them all. Thread-safe.
 */
public final class SignatureOutputs implements AutoCloseable {

  private final String call;
  private final Map<String, Integer> indices = new LinkedHashMap<>();
  private final Result result;
  private boolean closed;

  SignatureOutputs(String call, Iterable<String> keys, Result result) {
    this.call = call;
    int i = 0;
    for (String key : keys) {
      indices.put(key, i++);
    }
    this.result = result;
  }

  /** The output keys, in the signature's order. */
  public Set<String> keys() {
    return java.util.Collections.unmodifiableSet(indices.keySet());
  }

  /**
   * The output {@code key}, still owned by this holder (do not close it). Throws
   * {@link IllegalArgumentException} for an unknown key or when the tensor is not a {@code type}
   * (naming both), and {@link IllegalStateException} once closed.
   */
  public synchronized <T extends TType> T get(String key, Class<T> type) {
    if (closed) {
      throw new IllegalStateException(call + ": these outputs are closed");
    }
    Integer index = indices.get(key);
    if (index == null) {
      throw new IllegalArgumentException(call + " has no output '" + key + "'; it has " + indices.keySet());
    }
    Tensor tensor = result.get(index);
    if (!type.isInstance(tensor)) {
      throw new IllegalArgumentException(call + ": output '" + key + "' is a " + tensor.dataType()
          + " tensor, not a " + type.getSimpleName());
    }
    return type.cast(tensor);
  }

  /** Frees every output tensor. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      result.close();
    }
  }
}
