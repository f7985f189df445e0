package dev.cordon.runtime.metrics;

import org.tensorflow.Tensor;

/**
 * A metric streamed over batches: {@link #update} with each batch's labels and predictions, read
 * {@link #result} at any time, {@link #reset} between epochs. Metrics accumulate in Java over the
 * fetched tensors, never in the graph, so they are not part of any model and never saved with its
 * weights. A metric instance is not thread-safe; use one per training run.
 */
public abstract class Metric {

  private final String name;

  protected Metric(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a metric needs a name");
    }
    this.name = name;
  }

  /** The name used in histories, logs and TensorBoard, such as {@code accuracy}. */
  public final String name() {
    return name;
  }

  /**
   * This metric computed from output {@code output} of the model or composition (against its
   * first label), logged as {@code <output>_<name>}, e.g. {@code positive_accuracy}: how a
   * composition's {@code evaluate} or {@code fit} measures an output other than its first. An
   * output it does not have is refused when the metric is used, naming the known outputs.
   */
  public Metric forOutput(String output) {
    return forOutput(output, null);
  }

  /** As {@link #forOutput(String)}, against label {@code label} (null: the first label). */
  public Metric forOutput(String output, String label) {
    if (output == null || output.isEmpty()) {
      throw new IllegalArgumentException("metric " + name + ": forOutput needs an output name");
    }
    return new Metrics.Named(output + "_" + name, this, output, label);
  }

  /** The output this metric reads, if bound by {@link #forOutput}; otherwise the first output. */
  public java.util.Optional<String> output() {
    return java.util.Optional.empty();
  }

  /** The label this metric compares with, if bound by {@link #forOutput}; otherwise the first label. */
  public java.util.Optional<String> label() {
    return java.util.Optional.empty();
  }

  /**
   * Adds one batch. Neither tensor is closed or kept; any numeric or boolean type is accepted.
   *
   * @throws IllegalArgumentException when the shapes do not fit the metric, naming it
   */
  public final void update(Tensor labels, Tensor predictions) {
    update(Values.of(name, "labels", labels), Values.of(name, "predictions", predictions));
  }

  /** Adds one batch given as values (flattened row-major) and shapes. */
  public abstract void update(Values labels, Values predictions);

  /** The value over every batch since the last reset; 0 before any. */
  public abstract double result();

  /** Forgets every batch. */
  public abstract void reset();

  /** A new metric of the same kind and settings, with nothing accumulated. */
  public abstract Metric copy();

  @Override
  public String toString() {
    return name + "=" + result();
  }

  /** Fails with a message naming the metric. */
  protected final IllegalArgumentException mismatch(String what) {
    return new IllegalArgumentException("metric " + name + ": " + what);
  }
}
