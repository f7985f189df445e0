package dev.cordon.runtime.train;

import dev.cordon.runtime.ModelVariables;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.types.TFloat32;

/**
 * Logs every epoch for TensorBoard, as Keras' {@code TensorBoard} callback: event files written by
 * TensorFlow's own summary ops under {@code <logDir>/train} ({@code epoch_loss}, {@code
 * epoch_<metric>}, {@code epoch_learning_rate}) and {@code <logDir>/validation} (the {@code val_}
 * values under the same tags, so TensorBoard draws both runs in one chart). With {@link
 * #histograms()}, the distribution of every float weight each epoch. View with {@code tensorboard
 * --logdir <logDir>}.
 */
public final class TensorBoard implements Callback {

  private final Path logDir;
  private final boolean histograms;
  private TensorBoardWriter train;
  private TensorBoardWriter validation;

  private TensorBoard(Path logDir, boolean histograms) {
    this.logDir = Objects.requireNonNull(logDir, "logDir");
    this.histograms = histograms;
  }

  public static TensorBoard logTo(Path logDir) {
    return new TensorBoard(logDir, false);
  }

  /** Also logs a histogram of every float weight each epoch. */
  public TensorBoard histograms() {
    return new TensorBoard(logDir, true);
  }

  @Override
  public void onTrainBegin(TrainingRun run) {
    train = TensorBoardWriter.open(logDir.resolve("train"));
    validation = TensorBoardWriter.open(logDir.resolve("validation"));
  }

  @Override
  public void onEpochEnd(TrainingRun run, EpochLogs logs) {
    long step = logs.epoch();
    for (Map.Entry<String, Double> e : logs.values().entrySet()) {
      String key = e.getKey();
      if (key.startsWith("val_")) {
        validation.scalar("epoch_" + key.substring(4), step, e.getValue());
      } else {
        train.scalar("epoch_" + key, step, e.getValue());
      }
    }
    if (histograms) {
      ModelVariables vars = run.variables();
      for (String name : vars.names()) {
        if (vars.type(name) == TFloat32.class) {
          train.histogram(name, step, vars.readFloats(name));
        }
      }
    }
    train.flush();
    validation.flush();
  }

  @Override
  public void onTrainEnd(TrainingRun run, History history) {
    close();
  }

  private void close() {
    if (train != null) {
      train.close();
      train = null;
    }
    if (validation != null) {
      validation.close();
      validation = null;
    }
  }
}
