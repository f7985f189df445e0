package dev.cordon.runtime.train;

import java.util.Map;

/**
 * Stops training when a logged value has stopped improving, as Keras' {@code EarlyStopping}:
 * after {@code patience} epochs without an improvement of more than {@code minDelta}. With {@link
 * #restoreBestWeights()}, the model ends with the weights of its best epoch.
 */
public final class EarlyStopping extends Plateau {

  private final int patience;
  private final boolean restoreBest;
  private int bestEpoch = -1;
  private WeightSnapshot bestWeights;

  private EarlyStopping(Monitor monitor, int patience, double minDelta, boolean restoreBest) {
    super(checked(monitor, patience, minDelta), minDelta);
    this.patience = patience;
    this.restoreBest = restoreBest;
    alsoSave("bestEpoch", -1, () -> bestEpoch, e -> bestEpoch = e);
  }

  private static Monitor checked(Monitor monitor, int patience, double minDelta) {
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    }
    if (!(minDelta >= 0)) {
      throw new IllegalArgumentException("minDelta must be >= 0, got " + minDelta);
    }
    return monitor;
  }

  /** Watches {@code key} (lower is better, unless it names an accuracy, AUC, precision or recall). */
  public static EarlyStopping monitor(String key) {
    return new EarlyStopping(new Monitor(key, null), 0, 0, false);
  }

  /** Watches {@code key}, higher being better or not. */
  public static EarlyStopping monitor(String key, boolean higherIsBetter) {
    return new EarlyStopping(new Monitor(key, higherIsBetter), 0, 0, false);
  }

  public EarlyStopping patience(int epochs) {
    return new EarlyStopping(monitor, epochs, minDelta, restoreBest);
  }

  public EarlyStopping minDelta(double delta) {
    return new EarlyStopping(monitor, patience, delta, restoreBest);
  }

  /** Ends training with the weights of the best epoch (kept in memory). */
  public EarlyStopping restoreBestWeights() {
    return new EarlyStopping(monitor, patience, minDelta, true);
  }

  /** The best epoch so far (from 0), or -1. */
  public int bestEpoch() {
    return bestEpoch;
  }

  @Override
  public void onTrainBegin(TrainingRun run) {
    if (bestWeights == null && restoreBest && bestEpoch >= 0) {
      // Resumed from a backup: the best weights of before were not kept; the current ones stand in.
      bestWeights = run.snapshotWeights();
    }
  }

  @Override
  public void onEpochEnd(TrainingRun run, EpochLogs logs) {
    if (improved(run, logs, "EarlyStopping")) {
      bestEpoch = logs.epoch();
      if (restoreBest) {
        if (bestWeights != null) {
          bestWeights.close();
        }
        bestWeights = run.snapshotWeights();
      }
      return;
    }
    wait++;
    if (wait > patience) {
      run.stop("EarlyStopping: " + monitor.key + " did not improve for " + wait + " epochs (best "
          + best + " at epoch " + (bestEpoch + 1) + ")");
    }
  }

  @Override
  public void onTrainEnd(TrainingRun run, History history) {
    if (bestWeights != null) {
      if (restoreBest) {
        run.restoreWeights(bestWeights);
      }
      bestWeights.close();
      bestWeights = null;
    }
  }
}
