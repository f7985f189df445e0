package dev.cordon.runtime.metrics;

/** Binary accuracy, precision and recall at one threshold. */
final class Confusion extends Elementwise {

  enum Kind { ACCURACY, PRECISION, RECALL }

  private final double threshold;
  private final Kind kind;
  private long tp;
  private long fp;
  private long tn;
  private long fn;

  Confusion(String name, double threshold, Kind kind) {
    super(name);
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException(name + " threshold must be in [0, 1], got " + threshold);
    }
    this.threshold = threshold;
    this.kind = kind;
  }

  @Override
  void add(double label, double prediction, int element) {
    boolean predicted = prediction > threshold;
    if (positive(label, element)) {
      if (predicted) {
        tp++;
      } else {
        fn++;
      }
    } else if (predicted) {
      fp++;
    } else {
      tn++;
    }
  }

  @Override
  public double result() {
    switch (kind) {
      case ACCURACY:
        long all = tp + fp + tn + fn;
        return all == 0 ? 0 : (double) (tp + tn) / all;
      case PRECISION:
        return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
      case RECALL:
        return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
      default:
        throw new AssertionError(kind);
    }
  }

  @Override
  public void reset() {
    tp = fp = tn = fn = 0;
  }

  @Override
  public Metric copy() {
    return new Confusion(name(), threshold, kind);
  }
}
