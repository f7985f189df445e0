package dev.cordon.runtime.train;

/** A logged value to watch, and whether lower or higher is better. */
final class Monitor {
  final String key;
  final boolean higherIsBetter;

  Monitor(String key, Boolean higherIsBetter) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("a monitor needs a logged key such as val_loss");
    }
    this.key = key;
    if (higherIsBetter != null) {
      this.higherIsBetter = higherIsBetter;
    } else {
      String k = key.toLowerCase(java.util.Locale.ROOT);
      this.higherIsBetter = k.contains("acc") || k.contains("auc") || k.contains("precision") || k.contains("recall");
    }
  }

  double worst() {
    return higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  /** Whether {@code value} beats {@code best} by more than {@code minDelta}. */
  boolean improves(double value, double best, double minDelta) {
    if (Double.isNaN(value)) {
      return false;
    }
    return higherIsBetter ? value - minDelta > best : value + minDelta < best;
  }

  double value(TrainingRun run, EpochLogs logs, String callback) {
    if (!logs.has(key)) {
      throw new TrainingException(run.modelName() + ": " + callback + " monitors '" + key + "' but epoch "
          + (logs.epoch() + 1) + " logged only " + logs.values().keySet()
          + (key.startsWith("val_") ? " (no validation data or split given?)" : ""));
    }
    return logs.get(key);
  }
}
