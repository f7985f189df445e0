package dev.cordon.runtime.train;

import java.util.Map;

/**
 * Hooks into a {@code fit}: every method has an empty default, so a callback overrides only what
 * it needs. Callbacks run on the fitting thread, in the order given, after Cordon's own
 * bookkeeping for the same event. A callback that keeps state across epochs (a patience counter,
 * a best value) returns it from {@link #state()} and takes it back in {@link #restoreState}, so a
 * run resumed from a backup ({@link Fit#backupAndRestore}) behaves as the uninterrupted one.
 */
public interface Callback {

  default void onTrainBegin(TrainingRun run) {}

  default void onEpochBegin(TrainingRun run, int epoch) {}

  /** After each training batch, with its loss (before the batch's update) and size. */
  default void onBatchEnd(TrainingRun run, int epoch, long batch, double loss, int size) {}

  /** After each epoch, validation included; {@code logs} is already in the run's history. */
  default void onEpochEnd(TrainingRun run, EpochLogs logs) {}

  default void onTrainEnd(TrainingRun run, History history) {}

  /** The callback's state to keep in a training backup; empty by default. */
  default Map<String, String> state() {
    return Map.of();
  }

  /** Takes back what {@link #state()} returned when the backup was written. */
  default void restoreState(Map<String, String> state) {}
}
