package dev.cordon.samples;

import dev.cordon.runtime.data.Dataset;
import dev.cordon.runtime.metrics.Metrics;
import dev.cordon.runtime.train.EarlyStopping;
import dev.cordon.runtime.train.Fit;
import dev.cordon.runtime.train.History;
import dev.cordon.runtime.train.Optimizer;
import dev.cordon.runtime.train.TensorBoard;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Trains {@link WordSentiment} (a shared character encoder, two isolated heads) with {@code fit}
 * on the AFINN-165 word list, then tests both heads on the held-out fifth of the words. From the
 * repository root: {@code mvn -B -q -pl samples -am compile -Pwords}.
 */
public final class WordSentimentSample {

  static final long SEED = 7;
  static final int EPOCHS = 25;

  private WordSentimentSample() {}

  /** Test accuracies of both heads, and the share of the more common answer for comparison. */
  public record Result(double polarity, double intensity, double polarityBaseline, double intensityBaseline,
      History history, double seconds) {}

  public static void main(String[] args) {
    Path out = MnistSample.targetDirectory().resolve("words");
    Result r = trainAndTest(SentimentWords.load(), EPOCHS, out, System.out);
    System.out.printf(Locale.ROOT,
        "Test accuracy: polarity %.1f%% (always-negative %.1f%%), intensity %.1f%% (always-mild %.1f%%), %.1f s.%n",
        100 * r.polarity(), 100 * r.polarityBaseline(), 100 * r.intensity(), 100 * r.intensityBaseline(), r.seconds());
  }

  public static Result trainAndTest(SentimentWords data, int epochs, Path out, PrintStream progress) {
    long start = System.nanoTime();
    try (CordonWordSentiment model = CordonWordSentiment.builder()
        .seed(SEED).optimizer(Optimizer.adamW(3e-3f, 1e-4f)).build()) {
      SentimentWords.Words train = data.train();
      History history = model.fit(train.chars(), train.positive(), train.strong(), Fit.epochs(epochs)
          .batchSize(32)
          .shuffle(SEED)
          .validationSplit(0.15)
          .metric(Metrics.named("polarity_accuracy", Metrics.sparseCategoricalAccuracy()), "polarityLogits", "positive")
          .metric(Metrics.named("intensity_accuracy", Metrics.sparseCategoricalAccuracy()), "intensityLogits", "strong")
          .callbacks(EarlyStopping.monitor("val_loss").patience(4).restoreBestWeights(),
              TensorBoard.logTo(out.resolve("tensorboard")))
          .progressTo(progress));
      SentimentWords.Words test = data.test();
      Map<String, Double> loss = model.evaluate(
          Dataset.fromArrays(test.chars(), test.positive(), test.strong()).batch(256));
      progress.printf(Locale.ROOT, "Test loss %.4f%n", loss.get("loss"));
      double polarity = accuracy(model.polarityLogits(test.chars()), test.positive());
      double intensity = accuracy(model.intensityLogits(test.chars()), test.strong());
      return new Result(polarity, intensity, 1 - mean(test.positive()), 1 - mean(test.strong()), history,
          (System.nanoTime() - start) / 1e9);
    }
  }

  static double accuracy(float[][] logits, int[] labels) {
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      right += MnistSample.argMax(logits[i]) == labels[i] ? 1 : 0;
    }
    return (double) right / labels.length;
  }

  private static double mean(int[] v) {
    double s = 0;
    for (int x : v) {
      s += x;
    }
    return s / v.length;
  }
}
