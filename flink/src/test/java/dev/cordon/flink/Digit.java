package dev.cordon.flink;

import java.util.Arrays;
import java.util.Objects;

/** A test record: an MNIST image and its id. A Flink POJO. */
public final class Digit {
  public int id;
  public float[] pixels;
  public int label;

  public Digit() {}

  public Digit(int id, float[] pixels, int label) {
    this.id = id;
    this.pixels = pixels;
    this.label = label;
  }

  public float[] pixels() {
    return pixels;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digit d && d.id == id && d.label == label && Arrays.equals(d.pixels, pixels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, label, Arrays.hashCode(pixels));
  }

  @Override
  public String toString() {
    return "Digit#" + id;
  }
}
