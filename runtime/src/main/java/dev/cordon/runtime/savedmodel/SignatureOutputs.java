package dev.cordon.runtime.savedmodel;

import dev.cordon.internal.OutputTensors;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.Result;
import org.tensorflow.types.family.TType;

/**
 * The outputs of one run of a signature ({@link ImportedSavedModel#run}), by key. Owns their
 * tensors: they stay valid until {@link #close()}, which frees them all. Thread-safe.
 */
public final class SignatureOutputs implements AutoCloseable {

  private final String call;
  private final Set<String> keys;
  private final OutputTensors outputs; // owns the result: lookup, close-once and the closed check

  SignatureOutputs(String call, Iterable<String> keys, Result result) {
    this.call = call;
    Set<String> ordered = new LinkedHashSet<>();
    keys.forEach(ordered::add);
    this.keys = Collections.unmodifiableSet(ordered);
    this.outputs = OutputTensors.of(call, List.copyOf(ordered), result);
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
    TType tensor = outputs.get(key, TType.class);
    if (!type.isInstance(tensor)) {
      throw new IllegalArgumentException(call + ": output '" + key + "' is a " + tensor.dataType()
          + " tensor, not a " + type.getSimpleName());
    }
    return type.cast(tensor);
  }

  /** Frees every output tensor. Idempotent. */
  @Override
  public void close() {
    outputs.close();
  }
}
