package dev.cordon.runtime.train;

import dev.cordon.runtime.data.Dataset;
import dev.cordon.runtime.metrics.Metric;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a generated model's {@code fit} trains: epochs, batching and shuffling of arrays,
 * validation, metrics, callbacks, progress output and backups for an exact resume. Immutable:
 * every method returns a changed copy.
 *
 * <pre>{@code
 * History h = model.fit(images, labels, Fit.epochs(10)
 *     .batchSize(64).shuffle(42).validationSplit(0.1)
 *     .metrics(Metrics.sparseCategoricalAccuracy())
 *     .callbacks(EarlyStopping.monitor("val_loss").patience(2).restoreBestWeights()));
 * }</pre>
 */
public final class Fit {

  /** A metric computed from one output of the model against one of its labels. */
  public record MetricBinding(Metric metric, String output, String label) {}

  private final int epochs;
  private final int batchSize;
  private final Long shuffleSeed;
  private final double validationSplit;
  private final Dataset validationData;
  private final List<MetricBinding> metrics;
  private final List<Callback> callbacks;
  private final boolean verbose;
  private final PrintStream out;
  private final Path backup;

  private Fit(int epochs, int batchSize, Long shuffleSeed, double validationSplit, Dataset validationData,
      List<MetricBinding> metrics, List<Callback> callbacks, boolean verbose, PrintStream out, Path backup) {
    this.epochs = epochs;
    this.batchSize = batchSize;
    this.shuffleSeed = shuffleSeed;
    this.validationSplit = validationSplit;
    this.validationData = validationData;
    this.metrics = List.copyOf(metrics);
    this.callbacks = List.copyOf(callbacks);
    this.verbose = verbose;
    this.out = out;
    this.backup = backup;
  }

  /** Trains for {@code epochs} epochs (batches of 32, shuffled with seed 0, progress on standard output). */
  public static Fit epochs(int epochs) {
    if (epochs <= 0) {
      throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
    }
    return new Fit(epochs, 32, 0L, 0, null, List.of(), List.of(), true, System.out, null);
  }

  /** The batch size when fitting arrays (a {@link Dataset} keeps its own). */
  public Fit batchSize(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("batch size must be > 0, got " + size);
    }
    return new Fit(epochs, size, shuffleSeed, validationSplit, validationData, metrics, callbacks, verbose, out, backup);
  }

  /** Shuffles arrays with {@code seed}, a fresh order each epoch (a {@link Dataset} keeps its own setting). */
  public Fit shuffle(long seed) {
    return new Fit(epochs, batchSize, seed, validationSplit, validationData, metrics, callbacks, verbose, out, backup);
  }

  /** Feeds arrays in their order. */
  public Fit noShuffle() {
    return new Fit(epochs, batchSize, null, validationSplit, validationData, metrics, callbacks, verbose, out, backup);
  }

  /** Holds out the last {@code fraction} of the (in-memory) training examples for validation, as Keras does. */
  public Fit validationSplit(double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation split must be in (0, 1), got " + fraction);
    }
    if (validationData != null) {
      throw new IllegalArgumentException("give either a validation split or validation data, not both");
    }
    return new Fit(epochs, batchSize, shuffleSeed, fraction, null, metrics, callbacks, verbose, out, backup);
  }

  /** Validates on {@code data} (every input, labels included) after each epoch. */
  public Fit validationData(Dataset data) {
    Objects.requireNonNull(data, "validation data");
    if (validationSplit > 0) {
      throw new IllegalArgumentException("give either a validation split or validation data, not both");
    }
    return new Fit(epochs, batchSize, shuffleSeed, 0, data, metrics, callbacks, verbose, out, backup);
  }

  /** Metrics of the model's first output against its first label. */
  public Fit metrics(Metric... added) {
    List<MetricBinding> all = new ArrayList<>(metrics);
    for (Metric m : added) {
      all.add(new MetricBinding(Objects.requireNonNull(m, "metric"), null, null));
    }
    return new Fit(epochs, batchSize, shuffleSeed, validationSplit, validationData, all, callbacks, verbose, out, backup);
  }

  /** A metric of output {@code output} against label {@code label}. */
  public Fit metric(Metric metric, String output, String label) {
    List<MetricBinding> all = new ArrayList<>(metrics);
    all.add(new MetricBinding(Objects.requireNonNull(metric, "metric"), Objects.requireNonNull(output, "output"),
        Objects.requireNonNull(label, "label")));
    return new Fit(epochs, batchSize, shuffleSeed, validationSplit, validationData, all, callbacks, verbose, out, backup);
  }

  public Fit callbacks(Callback... added) {
    List<Callback> all = new ArrayList<>(callbacks);
    for (Callback c : added) {
      all.add(Objects.requireNonNull(c, "callback"));
    }
    return new Fit(epochs, batchSize, shuffleSeed, validationSplit, validationData, metrics, all, verbose, out, backup);
  }

  /** No progress output. */
  public Fit quiet() {
    return new Fit(epochs, batchSize, shuffleSeed, validationSplit, validationData, metrics, callbacks, false, out, backup);
  }

  /** Progress to {@code stream}: a bar on a terminal, one line per epoch otherwise. */
  public Fit progressTo(PrintStream stream) {
    return new Fit(epochs, batchSize, shuffleSeed, validationSplit, validationData, metrics, callbacks, true,
        Objects.requireNonNull(stream, "stream"), backup);
  }

  /**
   * Keras' {@code BackupAndRestore}: after every epoch, saves the weights and the whole training
   * state (optimizer slots and step counters, learning-rate scale, dropout step, the epoch reached,
   * the history and the callbacks' state) to {@code dir}; a fit that finds a backup there resumes
   * from it, and ends bit-identical to the run that was never interrupted. The backup is deleted
   * when the fit completes. The directory is also a checkpoint of the weights: {@code restore}
   * loads it.
   */
  public Fit backupAndRestore(Path dir) {
    return new Fit(epochs, batchSize, shuffleSeed, validationSplit, validationData, metrics, callbacks, verbose, out,
        Objects.requireNonNull(dir, "dir"));
  }

  public int epochs() {
    return epochs;
  }

  public int batchSize() {
    return batchSize;
  }

  public java.util.OptionalLong shuffleSeed() {
    return shuffleSeed == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(shuffleSeed);
  }

  public double validationSplit() {
    return validationSplit;
  }

  public java.util.Optional<Dataset> validationData() {
    return java.util.Optional.ofNullable(validationData);
  }

  public List<MetricBinding> metricBindings() {
    return metrics;
  }

  public List<Callback> callbackList() {
    return callbacks;
  }

  public boolean verbose() {
    return verbose;
  }

  public PrintStream out() {
    return out;
  }

  public java.util.Optional<Path> backupDirectory() {
    return java.util.Optional.ofNullable(backup);
  }
}
