package dev.cordon.runtime.metrics;

/** Mean absolute and mean squared error over every element. */
final class Regression extends Elementwise {

  private final boolean squared;
  private double sum;
  private long count;

  Regression(String name, boolean squared) {
    super(name);
    this.squared = squared;
  }

  @Override
  void add(double label, double prediction, int element) {
    double d = prediction - label;
    sum += squared ? d * d : Math.abs(d);
    count++;
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
