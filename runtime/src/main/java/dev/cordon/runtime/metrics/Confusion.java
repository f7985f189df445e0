package dev.cordon.runtime.metrics;

/** Binary accuracy, precision and recall at one threshold. */
final class Confusion extends Metric {

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
  public void update(Values y, Values p) {
    if (y.size() != p.size()) {
      throw mismatch(p.size() + " predictions " + p.shapeString() + " but " + y.size() + " labels " + y.shapeString());
    }
    double[] yv = y.values();
    double[] pv = p.values();
    for (int i = 0; i < yv.length; i++) {
      if (yv[i] != 0 && yv[i] != 1) {
        throw mismatch("labels must be 0 or 1, got " + yv[i] + " at element " + i);
      }
      boolean positive = pv[i] > threshold;
      if (yv[i] == 1) {
        if (positive) {
          tp++;
        } else {
          fn++;
        }
      } else if (positive) {
        fp++;
      } else {
        tn++;
      }
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
