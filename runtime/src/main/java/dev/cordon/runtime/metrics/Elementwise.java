package dev.cordon.runtime.metrics;

/**
 * A metric over the pairs of label and prediction elements (equal counts, any shapes): binary
 * accuracy, precision, recall, AUC and the regression errors.
 */
abstract class Elementwise extends Metric {

  Elementwise(String name) {
    super(name);
  }

  @Override
  public final void update(Values y, Values p) {
    if (y.size() != p.size()) {
      throw mismatch(p.size() + " predictions " + p.shapeString() + " but " + y.size() + " labels " + y.shapeString());
    }
    double[] yv = y.values();
    double[] pv = p.values();
    for (int i = 0; i < yv.length; i++) {
      add(yv[i], pv[i], i);
    }
  }

  /** Adds element {@code element} of the batch. */
  abstract void add(double label, double prediction, int element);

  /** Whether a 0/1 label is 1; other labels are refused. */
  final boolean positive(double label, int element) {
    if (label != 0 && label != 1) {
      throw mismatch("labels must be 0 or 1, got " + label + " at element " + element);
    }
    return label == 1;
  }
}
