package dev.cordon.runtime.train;

import dev.cordon.runtime.ModelVariables;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.OptionalLong;

/** What a {@link Callback} sees of, and may change in, the {@code fit} it is part of. */
public interface TrainingRun {

  /** The model's (or composition's) name. */
  String modelName();

  /** The number of epochs asked for. */
  int epochs();

  /** Training batches per epoch, if the dataset's size is known. */
  OptionalLong batchesPerEpoch();

  /** The epochs finished so far (of this run and, when resumed, of the run it resumes). */
  History history();

  /** Stops the fit after the current batch (mid-epoch) or epoch; {@code reason} ends up in the history. */
  void stop(String reason);

  boolean stopRequested();

  /** Whether the optimizer exposes a learning rate (every built-in one does). */
  boolean hasLearningRate();

  /** The learning rate the next step will use: the schedule at the current step times the scale. */
  double learningRate();

  /** The factor applied to the schedule, 1 unless changed. Held in the graph: no rebuild. */
  double learningRateScale();

  void setLearningRateScale(double scale);

  /** The model's weights, for reading (histograms, say). */
  ModelVariables variables();

  /** Saves the weights, as the model's {@code save} does. */
  void saveWeights(Path dir);

  /** Copies every weight into memory; close the snapshot when no longer needed. */
  WeightSnapshot snapshotWeights();

  /** Puts a snapshot's weights back. */
  void restoreWeights(WeightSnapshot snapshot);

  /** Where progress is printed. */
  PrintStream out();
}
