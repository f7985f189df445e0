package dev.cordon.flink;

import java.util.Arrays;
import java.util.Objects;

/** A test result: the digit a model read in record {@code id}, and its logits. A Flink POJO. */
public final class Guess {
  public int id;
  public int digit;
  public float[] logits;

  public Guess() {}

  public Guess(int id, float[] logits) {
    this.id = id;
    this.logits = logits;
    this.digit = argMax(logits);
  }

  static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Guess g && g.id == id && g.digit == digit && Arrays.equals(g.logits, logits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, digit, Arrays.hashCode(logits));
  }

  @Override
  public String toString() {
    return "Guess#" + id + "=" + digit;
  }
}
