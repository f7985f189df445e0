package dev.cordon.internal;

import dev.cordon.runtime.ModelVariables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TType;

/**
 * What {@link FitLoop} needs of a model or composition with a loss: steps that also fetch outputs
 * (for metrics), the learning rate, in-memory weight snapshots and checkpoints with or without the
 * training state. Not API.
 */
public interface Trainee {

  /** One input: fed in declaration order, labels included. */
  record InputPort(String name, Class<? extends TType> type, Shape shape, boolean label) {}

  /** A step's loss and the requested outputs; closing it closes the outputs. */
  record StepResult(double loss, List<Tensor> outputs) implements AutoCloseable {
    @Override
    public void close() {
      outputs.forEach(Tensor::close);
    }
  }

  /** A step's fetches as a result: the loss first (float or double; closed here), then the outputs. */
  static StepResult stepResult(Tensor[] fetched) {
    double loss;
    try (Tensor value = fetched[0]) {
      loss = value instanceof org.tensorflow.types.TFloat64 d ? d.getDouble()
          : ((org.tensorflow.types.TFloat32) value).getFloat();
    } catch (RuntimeException | Error e) {
      for (int i = 1; i < fetched.length; i++) {
        fetched[i].close();
      }
      throw e;
    }
    return new StepResult(loss, List.of(fetched).subList(1, fetched.length));
  }

  /** The model's or composition's simple name, for messages. */
  String name();

  /** Every input a step feeds, in order (prediction inputs, then labels where they are declared). */
  List<InputPort> inputs();

  /** The inputs a batched prediction takes: by default every non-label input of {@link #inputs()}. */
  default List<InputPort> predictionInputs() {
    return inputs().stream().filter(p -> !p.label()).toList();
  }

  List<String> outputNames();

  /**
   * One step over {@code inputs} (every input, in {@link #inputs()} order) fetching {@code
   * outputs}: a training step when {@code train} (the loss and outputs are those before the
   * update), otherwise an evaluation in inference mode that changes nothing.
   */
  StepResult step(Tensor[] inputs, List<String> outputs, boolean train);

  /** The prediction of {@code output} for the prediction inputs; the caller closes it. */
  Tensor predict(String output, Tensor[] predictionInputs);

  /** Whether the optimizer exposes a learning rate (every built-in one does). */
  boolean hasLearningRate();

  /** The learning rate of the next step: the schedule at the current step times the scale. */
  double learningRate();

  double learningRateScale();

  void setLearningRateScale(double scale);

  /** The number of optimizer steps taken so far, or -1 if unknown. */
  long iterations();

  /** Copies of every weight (the checkpoint's variables), owned by the caller. */
  Map<String, Tensor> snapshotWeights();

  /** Assigns weights from a {@link #snapshotWeights} snapshot. */
  void restoreWeights(Map<String, Tensor> snapshot);

  /** Saves the weights only, as {@code save} does. */
  void saveWeights(Path dir);

  /**
   * Saves weights and training state (optimizer slots and counters, the learning-rate scale, the
   * dropout step count) as a new version of the checkpoint folder {@code dir}; returns the
   * version's name.
   */
  String saveTrainingState(Path dir);

  /** Restores {@code version} (or the latest, if null) of what {@link #saveTrainingState} wrote. */
  void restoreTrainingState(Path dir, String version);

  ModelVariables variables();
}
