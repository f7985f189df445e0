package dev.cordon.runtime.train;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Saves the model's weights during training, as Keras' {@code ModelCheckpoint}: after every epoch
 * ({@link #latest}), or only when a logged value improves ({@link #best}). The directory is a
 * regular checkpoint: the model's {@code restore} loads it.
 */
public final class ModelCheckpoint implements Callback {

  private final Path dir;
  private final Monitor monitor; // null: every epoch
  private double best;

  private ModelCheckpoint(Path dir, Monitor monitor) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.monitor = monitor;
    this.best = monitor == null ? 0 : monitor.worst();
  }

  /** The weights of the latest epoch. */
  public static ModelCheckpoint latest(Path dir) {
    return new ModelCheckpoint(dir, null);
  }

  /** The weights of the best epoch by {@code key} (lower is better, unless it names an accuracy, AUC, precision or recall). */
  public static ModelCheckpoint best(Path dir, String key) {
    return new ModelCheckpoint(dir, new Monitor(key, null));
  }

  public static ModelCheckpoint best(Path dir, String key, boolean higherIsBetter) {
    return new ModelCheckpoint(dir, new Monitor(key, higherIsBetter));
  }

  @Override
  public void onEpochEnd(TrainingRun run, EpochLogs logs) {
    if (monitor == null) {
      run.saveWeights(dir);
      return;
    }
    double value = monitor.value(run, logs, "ModelCheckpoint");
    if (monitor.improves(value, best, 0)) {
      best = value;
      run.saveWeights(dir);
    }
  }

  @Override
  public Map<String, String> state() {
    return monitor == null ? Map.of() : Map.of("best", Double.toString(best));
  }

  @Override
  public void restoreState(Map<String, String> state) {
    if (monitor != null && state.containsKey("best")) {
      best = Double.parseDouble(state.get("best"));
    }
  }
}
