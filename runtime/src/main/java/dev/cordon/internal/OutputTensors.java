package dev.cordon.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.types.family.TType;

/**
 * The outputs of one run of a model, a composition or an imported SavedModel, by name. Owns their
 * tensors: they stay valid until {@link #close()}. The generated {@code Outputs} holders wrap it,
 * and so does the public {@code SignatureOutputs} of a SavedModel import: one lookup and one close
 * for every holder of run outputs. Thread-safe.
 *
 * <p>Not API: used by generated code; may change in any release.
 */
public final class OutputTensors implements AutoCloseable {

  private final String owner;
  private final String method; // the call named in messages: "run" (models), "get" (signatures)
  private final List<String> names;
  private final Map<String, Integer> indices = new HashMap<>();
  private final List<Tensor> tensors;
  private final AutoCloseable resource; // closes every tensor
  private boolean closed;

  private OutputTensors(String owner, String method, List<String> names, List<Tensor> tensors, AutoCloseable resource) {
    this.owner = owner;
    this.method = method;
    this.names = List.copyOf(names);
    for (int i = 0; i < names.size(); i++) {
      indices.put(names.get(i), i);
    }
    this.tensors = tensors;
    this.resource = resource;
  }

  /** The fetches of one session run, in the order of {@code names}; closing closes the result. */
  public static OutputTensors of(String owner, List<String> names, Result result) {
    return of(owner, "run", names, result);
  }

  /**
   * As {@link #of(String, List, Result)}, with {@code method} the call messages name ({@code
   * <owner>.<method>: ...}).
   */
  public static OutputTensors of(String owner, String method, List<String> names, Result result) {
    return new OutputTensors(owner, method, names, null, result);
  }

  /**
   * Tensors of several runs, in the order of {@code names}. Two names may share one tensor (an
   * output fetched once, named twice): closing closes each tensor once.
   */
  public static OutputTensors of(String owner, List<String> names, List<Tensor> tensors) {
    List<Tensor> copy = List.copyOf(tensors);
    return new OutputTensors(owner, "run", names, copy, () -> copy.stream().distinct().forEach(Tensor::close));
  }

  /** The output names, in order. */
  public List<String> names() {
    return names;
  }

  /**
   * The output {@code name}, owned by this holder, of any type: {@link IllegalStateException} once
   * closed, {@link IllegalArgumentException} for a null or unknown name (naming the known ones).
   */
  public synchronized Tensor tensor(String name) {
    Arguments.holderOpen(closed, owner + "." + method);
    Arguments.name(owner, method, "output", name, names);
    int i = indices.get(name);
    return tensors == null ? ((Result) resource).get(i) : tensors.get(i);
  }

  /** The output {@code name}, owned by this holder, checked to be a {@code type}. */
  public <T extends TType> T get(String name, Class<T> type) {
    return Arguments.instance(owner, method, name, tensor(name), type);
  }

  /** Frees the output tensors. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      closeResource();
    }
  }

  private void closeResource() {
    try {
      resource.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
