package dev.cordon.runtime.metrics;

/** Categorical and top-k accuracy. */
final class Accuracy extends Metric {

  enum Labels { SPARSE, ONE_HOT }

  private final Labels labels;
  private final int k;
  private long correct;
  private long total;

  Accuracy(String name, Labels labels, int k) {
    super(name);
    this.labels = labels;
    this.k = k;
  }

  @Override
  public void update(Values y, Values p) {
    if (p.shape().length != 2) {
      throw mismatch("predictions must be [batch, classes], got " + p.shapeString());
    }
    int n = (int) p.rows();
    int classes = p.last();
    if (labels == Labels.SPARSE) {
      if (y.size() != n) {
        throw mismatch("needs one integer label per example: " + n + " predictions, labels of shape " + y.shapeString());
      }
    } else if (y.shape().length != 2 || y.rows() != n || y.last() != classes) {
      throw mismatch("needs one-hot labels of shape [" + n + ", " + classes + "], got " + y.shapeString());
    }
    double[] pv = p.values();
    double[] yv = y.values();
    for (int i = 0; i < n; i++) {
      int label = labels == Labels.SPARSE ? (int) yv[i] : argmax(yv, i * classes, classes);
      if (label < 0 || label >= classes || labels == Labels.SPARSE && yv[i] != label) {
        throw mismatch("label " + yv[i] + " of example " + i + " is not a class in [0, " + classes + ")");
      }
      if (k == 1) {
        if (argmax(pv, i * classes, classes) == label) {
          correct++;
        }
      } else {
        double score = pv[i * classes + label];
        int greater = 0;
        for (int c = 0; c < classes; c++) {
          if (pv[i * classes + c] > score) {
            greater++;
          }
        }
        if (greater < k && !Double.isNaN(score)) {
          correct++;
        }
      }
      total++;
    }
  }

  private static int argmax(double[] v, int from, int length) {
    int best = 0;
    for (int c = 1; c < length; c++) {
      if (v[from + c] > v[from + best]) {
        best = c;
      }
    }
    return best;
  }

  @Override
  public double result() {
    return total == 0 ? 0 : (double) correct / total;
  }

  @Override
  public void reset() {
    correct = 0;
    total = 0;
  }

  @Override
  public Metric copy() {
    return new Accuracy(name(), labels, k);
  }
}
