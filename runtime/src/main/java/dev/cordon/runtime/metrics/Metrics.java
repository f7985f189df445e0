package dev.cordon.runtime.metrics;

/**
 * The built-in metrics, computed as Keras computes them. Classification metrics take predictions
 * of shape {@code [batch, classes]} (logits or probabilities: only their order matters); binary
 * ones take probabilities and 0/1 labels of any one element count.
 */
public final class Metrics {

  private Metrics() {}

  /** The fraction of examples whose highest-scoring class (first on ties) is the integer label ({@code [batch]}). */
  public static Metric sparseCategoricalAccuracy() {
    return new Accuracy("accuracy", Accuracy.Labels.SPARSE, 1);
  }

  /** As {@link #sparseCategoricalAccuracy()}, with one-hot labels {@code [batch, classes]}. */
  public static Metric categoricalAccuracy() {
    return new Accuracy("accuracy", Accuracy.Labels.ONE_HOT, 1);
  }

  /**
   * The fraction of examples whose integer label is among the {@code k} highest-scoring classes;
   * classes tied with the k-th score count as in the top k (TensorFlow's {@code in_top_k}).
   */
  public static Metric sparseTopKCategoricalAccuracy(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("top-k accuracy needs k > 0, got " + k);
    }
    return new Accuracy("top" + k + "_accuracy", Accuracy.Labels.SPARSE, k);
  }

  /** As {@link #sparseTopKCategoricalAccuracy}, with one-hot labels. */
  public static Metric topKCategoricalAccuracy(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("top-k accuracy needs k > 0, got " + k);
    }
    return new Accuracy("top" + k + "_accuracy", Accuracy.Labels.ONE_HOT, k);
  }

  /** The fraction of elements where {@code prediction > 0.5} equals {@code label == 1}. */
  public static Metric binaryAccuracy() {
    return new Confusion("binary_accuracy", 0.5, Confusion.Kind.ACCURACY);
  }

  /** TP / (TP + FP) with {@code prediction > 0.5} as positive; 0 while nothing is predicted positive. */
  public static Metric precision() {
    return precision(0.5);
  }

  public static Metric precision(double threshold) {
    return new Confusion("precision", threshold, Confusion.Kind.PRECISION);
  }

  /** TP / (TP + FN) with {@code prediction > 0.5} as positive; 0 while no label is positive. */
  public static Metric recall() {
    return recall(0.5);
  }

  public static Metric recall(double threshold) {
    return new Confusion("recall", threshold, Confusion.Kind.RECALL);
  }

  /**
   * The area under the ROC curve, as Keras' {@code AUC()}: confusion counts at 200 thresholds
   * spread evenly over [0, 1] (predictions are probabilities), summed with the trapezoidal rule.
   */
  public static Metric auc() {
    return new Auc("auc", 200);
  }

  /** {@link #auc()} with {@code thresholds} thresholds (at least 3). */
  public static Metric auc(int thresholds) {
    return new Auc("auc", thresholds);
  }

  /** The mean of {@code |prediction - label|} over every element. */
  public static Metric meanAbsoluteError() {
    return new Regression("mae", false);
  }

  /** The mean of {@code (prediction - label)^2} over every element. */
  public static Metric meanSquaredError() {
    return new Regression("mse", true);
  }

  /**
   * {@code metric} under another name: two accuracies of one fit (of two heads, say) need two
   * names, such as {@code named("polarity_accuracy", sparseCategoricalAccuracy())}.
   */
  public static Metric named(String name, Metric metric) {
    return new Named(name, metric, null, null);
  }

  /** A metric under another name, or bound to an output (and label): keeps the delegate's binding. */
  static final class Named extends Metric {
    private final Metric delegate;
    private final String output;
    private final String label;

    Named(String name, Metric delegate, String output, String label) {
      super(name);
      this.delegate = java.util.Objects.requireNonNull(delegate, "metric");
      this.output = output != null ? output : delegate.output().orElse(null);
      this.label = label != null ? label : output != null ? null : delegate.label().orElse(null);
    }

    @Override
    public java.util.Optional<String> output() {
      return java.util.Optional.ofNullable(output);
    }

    @Override
    public java.util.Optional<String> label() {
      return java.util.Optional.ofNullable(label);
    }

    @Override
    public void update(Values labels, Values predictions) {
      try {
        delegate.update(labels, predictions);
      } catch (IllegalArgumentException e) {
        throw mismatch(e.getMessage());
      }
    }

    @Override
    public double result() {
      return delegate.result();
    }

    @Override
    public void reset() {
      delegate.reset();
    }

    @Override
    public Metric copy() {
      return new Named(name(), delegate.copy(), output, label);
    }
  }
}
