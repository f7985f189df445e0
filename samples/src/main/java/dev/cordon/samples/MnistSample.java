package dev.cordon.samples;

import dev.cordon.runtime.train.Optimizer;
import dev.cordon.samples.MnistData.Dataset;
import java.util.List;
import java.util.Locale;

/**
 * Trains {@link DigitClassifier} on 8,000 handwritten digits and measures how many of 2,000
 * others it reads correctly. From the repository root: {@code mvn -B -q -pl samples -am compile
 * -Pmnist}. An optional argument sets the number of epochs (default 6), for instance {@code
 * -Dexec.args=2}.
 */
public final class MnistSample {

  static final long SEED = 42;
  static final int EPOCHS = 6;
  static final int BATCH_SIZE = 64;
  static final double REQUIRED_ACCURACY = 0.95;

  private MnistSample() {}

  /** How the trained model did on the test digits. */
  public record Result(int correct, int total, double seconds) {
    public double accuracy() {
      return (double) correct / total;
    }
  }

  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : EPOCHS;
    MnistData data = MnistData.load();
    System.out.printf(
        Locale.ROOT, "Training a digit classifier on %,d MNIST digits, testing on %,d others.%n",
        data.train().size(), data.test().size());

    Result result = trainAndTest(data, epochs, ProgressBar.onStandardOutput());

    System.out.printf(
        Locale.ROOT, "Test accuracy: %.2f%% (%d of %d digits) after %.1f s.%n",
        100 * result.accuracy(), result.correct(), result.total(), result.seconds());
    if (result.accuracy() < REQUIRED_ACCURACY) {
      System.err.printf(Locale.ROOT, "Expected at least %.0f%%.%n", 100 * REQUIRED_ACCURACY);
      System.exit(1);
    }
  }

  /** Trains a new classifier for {@code epochs} passes over the training digits, then tests it. */
  public static Result trainAndTest(MnistData data, int epochs, ProgressBar progress) {
    long start = System.nanoTime();
    try (CordonDigitClassifier model = CordonDigitClassifier.builder()
        .seed(SEED)
        .optimizer(Optimizer.adam(1e-3f))
        .build()) {

      for (int epoch = 1; epoch <= epochs; epoch++) {
        List<Dataset> batches = data.train().shuffled(SEED + epoch).batches(BATCH_SIZE);
        progress.startEpoch(epoch, epochs, batches.size());
        for (Dataset batch : batches) {
          float loss = model.trainStep(batch.pixels(), batch.labels());
          progress.step(loss);
        }
      }

      int correct = countCorrect(model, data.test());
      return new Result(correct, data.test().size(), (System.nanoTime() - start) / 1e9);
    }
  }

  /** How many digits of {@code test} the model's highest score names correctly. */
  static int countCorrect(CordonDigitClassifier model, Dataset test) {
    int correct = 0;
    for (Dataset batch : test.batches(500)) {
      float[][] logits = model.logits(batch.pixels());
      for (int i = 0; i < logits.length; i++) {
        if (argMax(logits[i]) == batch.labels()[i]) {
          correct++;
        }
      }
    }
    return correct;
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
