package dev.cordon.samples;

import dev.cordon.runtime.data.Dataset;
import dev.cordon.runtime.metrics.Metrics;
import dev.cordon.runtime.train.EarlyStopping;
import dev.cordon.runtime.train.Fit;
import dev.cordon.runtime.train.History;
import dev.cordon.runtime.train.ModelCheckpoint;
import dev.cordon.runtime.train.Optimizer;
import dev.cordon.runtime.train.TensorBoard;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Trains {@link DigitClassifier} on 8,000 handwritten digits with {@code fit} (10% held out for
 * validation, early stopping, the best weights kept in a checkpoint, TensorBoard logs) and measures
 * how many of 2,000 others it reads correctly. From the repository root: {@code mvn -B -q -pl
 * samples -am compile -Pmnist}; then {@code tensorboard --logdir samples/target/mnist/tensorboard}.
 * An optional argument sets the number of epochs (default 6), for instance {@code -Dexec.args=2}.
 */
public final class MnistSample {

  static final long SEED = 42;
  static final int EPOCHS = 6;
  static final int BATCH_SIZE = 64;
  static final double REQUIRED_ACCURACY = 0.97;

  private MnistSample() {}

  /** How the trained model did on the test digits, and how training went. */
  public record Result(double accuracy, int total, double seconds, History history) {}

  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : EPOCHS;
    MnistData data = MnistData.load();
    System.out.printf(
        Locale.ROOT, "Training a digit classifier on %,d MNIST digits, testing on %,d others.%n",
        data.train().size(), data.test().size());
    Path out = targetDirectory().resolve("mnist");

    Result result = trainAndTest(data, epochs, out, System.out);

    System.out.printf(Locale.ROOT, "Test accuracy: %.2f%% of %d digits after %.1f s.%n",
        100 * result.accuracy(), result.total(), result.seconds());
    System.out.println("Best weights: " + out.resolve("best") + "; TensorBoard: tensorboard --logdir "
        + out.resolve("tensorboard"));
    if (result.accuracy() < REQUIRED_ACCURACY) {
      System.err.printf(Locale.ROOT, "Expected at least %.0f%%.%n", 100 * REQUIRED_ACCURACY);
      System.exit(1);
    }
  }

  /**
   * Trains a new classifier for at most {@code epochs} epochs, writing the best weights to {@code
   * out/best} and TensorBoard logs to {@code out/tensorboard}, then tests it.
   */
  public static Result trainAndTest(MnistData data, int epochs, Path out, PrintStream progress) {
    long start = System.nanoTime();
    try (CordonDigitClassifier model = CordonDigitClassifier.builder()
        .seed(SEED)
        .optimizer(Optimizer.adam(1e-3f))
        .build()) {

      History history = model.fit(data.train().pixels(), data.train().labels(), Fit.epochs(epochs)
          .batchSize(BATCH_SIZE)
          .shuffle(SEED)
          .validationSplit(0.1)
          .metrics(Metrics.sparseCategoricalAccuracy())
          .callbacks(
              EarlyStopping.monitor("val_loss").patience(2).restoreBestWeights(),
              ModelCheckpoint.best(out.resolve("best"), "val_accuracy"),
              TensorBoard.logTo(out.resolve("tensorboard")))
          .progressTo(progress));

      Map<String, Double> test = model.evaluate(
          Dataset.fromArrays(data.test().pixels(), data.test().labels()).batch(500),
          Metrics.sparseCategoricalAccuracy());
      return new Result(test.get("accuracy"), data.test().size(), (System.nanoTime() - start) / 1e9, history);
    }
  }

  /** samples/target: set by the Maven build, else guessed from the working directory. */
  static Path targetDirectory() {
    String configured = System.getProperty("cordon.samples.target");
    if (configured != null) {
      return Path.of(configured);
    }
    return Files.isDirectory(Path.of("samples", "target")) ? Path.of("samples", "target") : Path.of("target");
  }

  static int argMax(float[] scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return best;
  }
}
