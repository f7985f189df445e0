package dev.cordon.runtime.savedmodel;

import dev.cordon.internal.Arguments;
import dev.cordon.internal.OutputTensors;
import java.util.LinkedHashSet;
import java.util.List;
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
  private final OutputTensors outputs; // the lookup and close every run holder shares
  private final Set<String> keys;

  SignatureOutputs(String call, List<String> keys, Result result) {
    this.call = call;
    this.outputs = OutputTensors.of(call, "get", keys, result);
    this.keys = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(keys));
  }

  /** The output keys, in the signature's order. */
  public Set<String> keys() {
    return keys;
  }

  /**
   * The output {@code key}, still owned by this holder (do not close it). Throws
   * {@link IllegalArgumentException} for an unknown key or when the tensor is not a {@code type}
   * (naming both), and {@link IllegalStateException} once closed.
   */
  public <T extends TType> T get(String key, Class<T> type) {
    Tensor tensor = outputs.tensor(key);
    if (type != null && !type.isInstance(tensor)) {
      throw new IllegalArgumentException(call + ".get: output '" + key + "' is a " + tensor.dataType()
          + " tensor, not a " + type.getSimpleName());
    }
    return Arguments.instance(call, "get", key, tensor, type);
  }

  /** Frees every output tensor. Idempotent. */
  @Override
  public void close() {
    outputs.close();
  }
}
