package dev.cordon.runtime.train;

import java.util.HashMap;
import java.util.Map;

/**
 * What EarlyStopping and ReduceLROnPlateau share: a monitored value, the best one seen, the
 * epochs waited since, and their backup state.
 */
abstract class Plateau implements Callback {

  final Monitor monitor;
  final double minDelta;
  double best;
  int wait;
  private String counterKey; // one more counter of the subclass, in its backups
  private int counterAbsent;
  private java.util.function.IntSupplier counterGet;
  private java.util.function.IntConsumer counterSet;

  Plateau(Monitor monitor, double minDelta) {
    this.monitor = monitor;
    this.minDelta = minDelta;
    this.best = monitor.worst();
  }

  /** Whether this epoch's value beats the best by more than minDelta; if so it becomes the best. */
  final boolean improved(TrainingRun run, EpochLogs logs, String callback) {
    double value = monitor.value(run, logs, callback);
    if (!monitor.improves(value, best, minDelta)) {
      return false;
    }
    best = value;
    wait = 0;
    return true;
  }

  @Override
  public final Map<String, String> state() {
    Map<String, String> state = new HashMap<>();
    state.put("best", Double.toString(best));
    state.put("wait", Integer.toString(wait));
    if (counterKey != null) {
      state.put(counterKey, Integer.toString(counterGet.getAsInt()));
    }
    return state;
  }

  @Override
  public final void restoreState(Map<String, String> state) {
    best = Double.parseDouble(state.getOrDefault("best", Double.toString(monitor.worst())));
    wait = Integer.parseInt(state.getOrDefault("wait", "0"));
    if (counterKey != null) {
      counterSet.accept(Integer.parseInt(state.getOrDefault(counterKey, Integer.toString(counterAbsent))));
    }
  }

  /** Saves one more counter of the subclass with the backup state ({@code absent} when missing). */
  final void alsoSave(String key, int absent, java.util.function.IntSupplier get, java.util.function.IntConsumer set) {
    counterKey = key;
    counterAbsent = absent;
    counterGet = get;
    counterSet = set;
  }
}
