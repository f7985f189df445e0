package dev.cordon.runtime.metrics;

/** Mean absolute and mean squared error over every element. */
final class Regression extends Metric {

  private final boolean squared;
  private double sum;
  private long count;

  Regression(String name, boolean squared) {
    super(name);
    this.squared = squared;
  }

  @Override
  public void update(Values y, Values p) {
    if (y.size() != p.size()) {
      throw mismatch(p.size() + " predictions " + p.shapeString() + " but " + y.size() + " labels " + y.shapeString());
    }
    double[] yv = y.values();
    double[] pv = p.values();
    for (int i = 0; i < yv.length; i++) {
      double d = pv[i] - yv[i];
      sum += squared ? d * d : Math.abs(d);
    }
    count += yv.length;
  }

  @Override
  public double result() {
    return count == 0 ? 0 : sum / count;
  }

  @Override
  public void reset() {
    sum = 0;
    count = 0;
  }

  @Override
  public Metric copy() {
    return new Regression(name(), squared);
  }
}
