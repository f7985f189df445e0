package dev.cordon.samples;

import dev.cordon.flink.BadRecord;
import dev.cordon.flink.BatchFunction;
import dev.cordon.flink.CordonScoring;
import dev.cordon.flink.ModelLoader;
import dev.cordon.flink.ModelVersion;
import dev.cordon.flink.Scored;
import dev.cordon.runtime.train.Optimizer;
import dev.cordon.samples.MnistData.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Scores the 2,000 MNIST test digits in a Flink job: batches of up to 64 digits, one isolated
 * {@code CordonDigitClassifier} per parallel subtask, restored from a Cordon checkpoint, and a
 * side output for the records it cannot score (three broken ones are mixed in).
 *
 * <p>Run as a plain {@code main}, it starts an embedded Flink MiniCluster (parallelism 2) and
 * first trains a classifier briefly to have a checkpoint. Submitted with {@code flink run} (the
 * job jar of {@code -Pflink-job}), it runs on that cluster unchanged; pass a checkpoint directory
 * that every TaskManager can read as the first argument, or let the client train one into a local
 * temporary folder (fine for a one-machine cluster).
 */
public final class FlinkScoringSample {

  static final int BROKEN = 3;

  private FlinkScoringSample() {}

  /** A digit to score: an id, its 784 pixels and the true digit. A Flink POJO. */
  public static final class Digit {
    public int id;
    public float[] pixels;
    public int label;

    public Digit() {}

    Digit(int id, float[] pixels, int label) {
      this.id = id;
      this.pixels = pixels;
      this.label = label;
    }

    public float[] pixels() {
      return pixels;
    }
  }

  /** What the job reports for one record: scored (with its prediction) or refused (with why). */
  public static final class Outcome {
    public int id;
    public int label;
    public int predicted = -1;
    public String modelVersion = "";
    public String refusedBecause = "";

    public Outcome() {}
  }

  public static void main(String[] args) throws Exception {
    int trainingSteps = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    Path checkpoint = args.length > 0 && !args[0].isEmpty()
        ? Path.of(args[0]) : trainBriefly(trainingSteps);
    Summary summary = run(checkpoint);
    System.out.print(summary);
  }

  /** Trains a classifier for a few steps and saves it: something to score with. */
  static Path trainBriefly(int steps) throws Exception {
    Path dir = Files.createTempDirectory("cordon-flink-sample-").resolve("digits-v1");
    long start = System.nanoTime();
    MnistData data = MnistData.load();
    try (CordonDigitClassifier model = CordonDigitClassifier.builder()
        .seed(MnistSample.SEED).optimizer(Optimizer.adam(1e-3f)).build()) {
      List<Dataset> batches = data.train().shuffled(MnistSample.SEED).batches(MnistSample.BATCH_SIZE);
      for (int step = 0; step < steps; step++) {
        Dataset batch = batches.get(step % batches.size());
        model.trainStep(batch.pixels(), batch.labels());
      }
      model.save(dir);
    }
    System.out.printf(Locale.ROOT, "Trained a digit classifier for %d steps (%.1f s), saved to %s%n",
        steps, (System.nanoTime() - start) / 1e9, dir);
    return dir;
  }

  /** The job: digits in, batched scoring, outcomes collected back to this process. */
  static Summary run(Path checkpoint) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    if (env instanceof LocalStreamEnvironment) {
      env.setParallelism(2); // the embedded MiniCluster; on a cluster, flink run -p decides
    }
    env.enableCheckpointing(1_000);

    int total = MnistData.SIZE - MnistData.TRAIN_SIZE + BROKEN;
    TypeInformation<Digit> digitType = TypeInformation.of(Digit.class);
    DataStream<Digit> digits = env.fromSource(
        new DataGeneratorSource<>(FlinkScoringSample::testDigit, total, RateLimiterStrategy.noOp(),
            digitType),
        WatermarkStrategy.noWatermarks(), "MNIST test digits");

    CordonScoring.ScoredStream<Digit, Outcome> scored = CordonScoring
        .with(ModelLoader.checkpoint(() -> CordonDigitClassifier.builder().build()),
            BatchFunction.arrays(Digit::pixels, float[][]::new, CordonDigitClassifier::logits,
                (digit, logits, row) -> prediction(digit, logits[row])),
            TypeInformation.of(Outcome.class))
        .version(ModelVersion.of("digits-v1", checkpoint.toUri().toString()))
        .maxBatchSize(64)
        .maxDelay(Duration.ofMillis(20))
        .check(d -> d.pixels.length == MnistData.PIXELS
            ? null : "expected " + MnistData.PIXELS + " pixels, got " + d.pixels.length)
        .name("score digits")
        .score(digits.rebalance());
    scored.results().uid("score-digits");

    DataStream<Outcome> outcomes = scored.results()
        .map(FlinkScoringSample::withVersion).returns(Outcome.class)
        .union(scored.badRecords().map(FlinkScoringSample::refused).returns(Outcome.class));

    Summary summary = new Summary();
    long start = System.nanoTime();
    try (CloseableIterator<Outcome> it = outcomes.executeAndCollect("Cordon: score MNIST digits")) {
      it.forEachRemaining(summary::add);
    }
    summary.seconds = (System.nanoTime() - start) / 1e9;
    return summary;
  }

  /** The test digits (the last 2,000), then a few broken ones; read in each TaskManager. */
  static Digit testDigit(long index) {
    Dataset test = TestDigits.TEST;
    if (index < test.size()) {
      return new Digit((int) index, test.pixels()[(int) index], test.labels()[(int) index]);
    }
    return new Digit((int) index, new float[(int) index % 100], -1); // wrong shape
  }

  private static final class TestDigits {
    static final Dataset TEST = MnistData.load().test();
  }

  static Outcome prediction(Digit digit, float[] logits) {
    Outcome o = new Outcome();
    o.id = digit.id;
    o.label = digit.label;
    o.predicted = MnistSample.argMax(logits);
    return o;
  }

  static Outcome withVersion(Scored<Outcome> scored) {
    Outcome o = scored.value();
    o.modelVersion = scored.modelVersion();
    return o;
  }

  static Outcome refused(BadRecord<Digit> bad) {
    Outcome o = new Outcome();
    o.id = bad.record().id;
    o.label = bad.record().label;
    o.refusedBecause = bad.reason();
    return o;
  }

  /** What came back. */
  static final class Summary {
    int scored;
    int correct;
    final Map<String, Integer> byVersion = new TreeMap<>();
    final Map<Integer, String> refused = new TreeMap<>();
    double seconds;

    void add(Outcome o) {
      if (!o.refusedBecause.isEmpty()) {
        refused.put(o.id, o.refusedBecause);
        return;
      }
      scored++;
      correct += o.predicted == o.label ? 1 : 0;
      byVersion.merge(o.modelVersion, 1, Integer::sum);
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      s.append(String.format(Locale.ROOT, "Scored %d digits in %.1f s (job start included): "
          + "%.1f%% correct, by model version %s%n", scored, seconds,
          100.0 * correct / Math.max(scored, 1), byVersion));
      s.append(String.format(Locale.ROOT, "Refused %d records (side output):%n", refused.size()));
      refused.forEach((id, why) -> s.append("  record ").append(id).append(": ").append(why)
          .append('\n'));
      return s.toString();
    }
  }
}
