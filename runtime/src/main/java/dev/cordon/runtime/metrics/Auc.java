package dev.cordon.runtime.metrics;

/** ROC AUC over fixed thresholds, as Keras' {@code AUC(curve='ROC', summation_method='interpolation')}. */
final class Auc extends Elementwise {

  private static final double EPSILON = 1e-7;

  private final double[] thresholds;
  private final long[] tp;
  private final long[] fp;
  private long positives;
  private long negatives;

  Auc(String name, int count) {
    super(name);
    if (count < 3) {
      throw new IllegalArgumentException("AUC needs at least 3 thresholds, got " + count);
    }
    thresholds = new double[count];
    thresholds[0] = -EPSILON;
    for (int i = 1; i < count - 1; i++) {
      thresholds[i] = (double) i / (count - 1);
    }
    thresholds[count - 1] = 1 + EPSILON;
    tp = new long[count];
    fp = new long[count];
  }

  @Override
  void add(double label, double prediction, int element) {
    boolean positive = positive(label, element);
    if (positive) {
      positives++;
    } else {
      negatives++;
    }
    for (int t = 0; t < thresholds.length; t++) {
      if (prediction > thresholds[t]) {
        if (positive) {
          tp[t]++;
        } else {
          fp[t]++;
        }
      }
    }
  }

  @Override
  public double result() {
    if (positives == 0 || negatives == 0) {
      return 0;
    }
    double area = 0;
    for (int t = 0; t < thresholds.length - 1; t++) {
      double fpr0 = (double) fp[t] / negatives;
      double fpr1 = (double) fp[t + 1] / negatives;
      double tpr0 = (double) tp[t] / positives;
      double tpr1 = (double) tp[t + 1] / positives;
      area += (fpr0 - fpr1) * (tpr0 + tpr1) / 2;
    }
    return area;
  }

  @Override
  public void reset() {
    java.util.Arrays.fill(tp, 0);
    java.util.Arrays.fill(fp, 0);
    positives = 0;
    negatives = 0;
  }

  @Override
  public Metric copy() {
    return new Auc(name(), thresholds.length);
  }
}
