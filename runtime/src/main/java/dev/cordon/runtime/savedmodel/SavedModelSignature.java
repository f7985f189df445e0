package dev.cordon.runtime.savedmodel;

import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * One {@code SignatureDef} of an imported SavedModel, as declared in its MetaGraph. A signature
 * whose declaration contradicts the graph (a dtype the graph's tensor does not have, a tensor that
 * does not exist, a sparse or composite tensor) is kept with its {@link #problems()}: the other
 * signatures stay usable, and running this one throws an exception naming the problems.
 *
 * @param key the signature key, e.g. {@code serving_default}
 * @param methodName the declared method name, e.g. {@code tensorflow/serving/predict}
 * @param inputs the inputs by key, in declaration order
 * @param outputs the outputs by key, in declaration order
 * @param problems why the signature cannot run; empty when it can
 */
public record SavedModelSignature(
    String key,
    String methodName,
    Map<String, TensorSpec> inputs,
    Map<String, TensorSpec> outputs,
    List<String> problems) {

  /**
   * One input or output of a signature.
   *
   * @param key the key inside the signature
   * @param tensorName the tensor's name in the SavedModel's graph (before the import prefix)
   * @param dtype the declared dtype
   * @param shape the declared shape; {@link Shape#unknown()} when the rank is unknown, {@code -1}
   *     for an unknown dimension
   */
  public record TensorSpec(String key, String tensorName, DataType dtype, Shape shape) {}

  public SavedModelSignature {
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
    outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    problems = List.copyOf(problems);
  }

  /** Whether this signature can run: its declaration agrees with the imported graph. */
  public boolean usable() {
    return problems.isEmpty();
  }
}
