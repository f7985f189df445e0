package dev.cordon.runtime.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch measured: {@code loss} and each metric on the training batches (averaged over
 * the examples, computed before each batch's update, as Keras does), {@code val_loss} and {@code
 * val_<metric>} when validating, {@code learning_rate} (the rate in force at the epoch's end), and
 * the epoch's wall-clock time.
 *
 * @param epoch the epoch, from 0
 * @param values the measurements, in a stable order
 * @param seconds the epoch's duration, validation included
 */
public record EpochLogs(int epoch, Map<String, Double> values, double seconds) {

  public EpochLogs {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The value of {@code key}, such as {@code val_loss}. */
  public double get(String key) {
    Double v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("epoch " + epoch + " logged no '" + key + "'; it logged " + values.keySet());
    }
    return v;
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("epoch ").append(epoch + 1).append(':');
    values.forEach((k, v) -> b.append(' ').append(k).append('=').append(String.format(java.util.Locale.ROOT, "%.4g", v)));
    return b.toString();
  }
}
