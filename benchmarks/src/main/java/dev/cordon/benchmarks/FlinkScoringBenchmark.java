package dev.cordon.benchmarks;

import dev.cordon.flink.BatchFunction;
import dev.cordon.flink.CordonScoring;
import dev.cordon.flink.ModelLoader;
import dev.cordon.flink.ModelVersion;
import dev.cordon.samples.MnistData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Records per second scoring MNIST digits on a local Flink MiniCluster (a main class, not JMH: a
 * Flink job is the unit measured). Four jobs, each over the same digits with the 784-128-10
 * {@link BenchClassifier}:
 *
 * <ol>
 *   <li>{@code per-record}: the usual hand-written {@code RichMapFunction} that loads the model as
 *       a SavedModel with plain TF Java in {@code open} and calls it once per record;
 *   <li>{@code cordon b=1}: Cordon's batched operator with batches of one;
 *   <li>{@code cordon b=64}: batches of up to 64;
 *   <li>{@code cordon b=64 p=2}: the same at parallelism 2.
 * </ol>
 *
 * <p>Run from the repository root: {@code mvn -B -q -pl benchmarks -am compile -Pflink-bench}
 * (records per unbatched job: {@code -Dflink.bench.records=100000}, the batched jobs get five times
 * as many; rounds: {@code -Dflink.bench.rounds=3}). Each job runs once to warm up, then every
 * round runs the four jobs in an order that rotates: {@code records/s} from the first result to the
 * last (the steady rate, which the ratios compare), {@code with start} over the job's net run time
 * (job start and model building included), each the median of the rounds. Each ratio is given as
 * the ratio of the medians and, per round, of that round's two jobs. The load average closes the
 * output.
 */
public final class FlinkScoringBenchmark {

  private FlinkScoringBenchmark() {}

  /** The digits, loaded once per JVM (the MiniCluster runs in this one). */
  static final class Digits {
    static final float[][] PIXELS = MnistData.load().all().pixels();
  }

  static float[] pixels(long index) {
    return Digits.PIXELS[(int) (index % Digits.PIXELS.length)];
  }

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0]) : 50_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path savedModel = Files.createTempDirectory("cordon-flink-bench-").resolve("bench");
    try (CordonBenchClassifier model = CordonBenchClassifier.builder().seed(1).build()) {
      model.exportSavedModel(savedModel); // the same weights for every variant
    }
    String location = savedModel.resolve("variables").toString(); // doubles as a Cordon checkpoint
    // The batched jobs get 5x the records: at ~100,000 records/s a job of 200,000 lasts 2 s, too
    // short for a steady rate (run to run they varied 15-40%).
    List<Variant> variants = List.of(new Variant("per-record", 0, 1, records),
        new Variant("cordon b=1", 1, 1, records), new Variant("cordon b=64", 64, 1, 5 * records),
        new Variant("cordon b=64 p=2", 64, 2, 5 * records));
    for (Variant v : variants) {
      run(v, Math.min(v.records, 5_000), savedModel, location); // warm-up
    }
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    Map<String, List<Double>> starts = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < variants.size(); k++) { // the order rotates: drift hits every variant alike
        Variant v = variants.get((k + r) % variants.size());
        Stamp.reset();
        JobExecutionResult result = run(v, v.records, savedModel, location);
        double steady = (v.records - 1) / ((Stamp.LAST.get() - Stamp.FIRST.get()) / 1e9);
        rates.computeIfAbsent(v.name, n -> new ArrayList<>()).add(steady);
        starts.computeIfAbsent(v.name, n -> new ArrayList<>()).add(v.records / (result.getNetRuntime() / 1e3));
        System.out.printf(Locale.ROOT, "round %d %-18s %10.0f records/s (%d records)%n", r + 1, v.name, steady, v.records);
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-20s %12s %12s   %s", "job", "records/s", "with start", "each round"));
    for (Variant v : variants) {
      List<Double> each = rates.get(v.name);
      lines.add(String.format(Locale.ROOT, "%-20s %12.0f %12.0f   %s", v.name, median(each), median(starts.get(v.name)),
          each.stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList()));
    }
    lines.add("");
    lines.add(ratio("b=64 / per-record (target >= 5)", rates, "cordon b=64", "per-record"));
    lines.add(ratio("b=64 / b=1        (target >= 10)", rates, "cordon b=64", "cordon b=1"));
    lines.add(ratio("p=2 / p=1         (target >= 1.7, 2 idle cores)", rates, "cordon b=64 p=2", "cordon b=64"));
    lines.add("load average (1, 5, 15 min) at the end: " + loadAverage());
    System.out.println();
    System.out.println(records + " MNIST records per unbatched job, " + 5 * records + " per batched job, "
        + rounds + " rounds after a warm-up; medians of the rounds' steady rates:");
    lines.forEach(System.out::println);
  }

  /** The ratio of the medians, and the median of the rounds' own ratios. */
  static String ratio(String label, Map<String, List<Double>> rates, String a, String b) {
    List<Double> ra = rates.get(a);
    List<Double> rb = rates.get(b);
    List<Double> paired = new ArrayList<>();
    for (int i = 0; i < ra.size(); i++) {
      paired.add(ra.get(i) / rb.get(i));
    }
    return String.format(Locale.ROOT, "%-48s %6.2fx (per round: %s)", label, median(ra) / median(rb),
        paired.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList());
  }

  static double median(List<Double> values) {
    double[] a = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }


  /** The machine's load: figures measured beside other work say little. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2] + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  record Variant(String name, int batchSize, int parallelism, long records) {}

  static JobExecutionResult run(Variant v, long records, Path savedModel, String checkpoint)
      throws Exception {
    Configuration conf = new Configuration();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(v.parallelism, conf);
    DataStream<float[]> digits = env.fromSource(
        new DataGeneratorSource<>(FlinkScoringBenchmark::pixels, records, RateLimiterStrategy.noOp(),
            PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO),
        WatermarkStrategy.noWatermarks(), "digits");
    DataStream<Integer> guesses;
    if (v.batchSize == 0) {
      guesses = digits.map(new PerRecordSavedModel(savedModel.toString())).returns(Types.INT);
    } else {
      guesses = CordonScoring.with(
              ModelLoader.checkpoint(() -> CordonBenchClassifier.builder().build()),
              BatchFunction.<CordonBenchClassifier, float[], float[], float[][], Integer>arrays(
                  p -> p, float[][]::new, CordonBenchClassifier::logits,
                  (p, logits, row) -> argMax(logits[row])),
              Types.INT)
          .version(ModelVersion.of("bench", checkpoint))
          .maxBatchSize(v.batchSize)
          .maxDelay(Duration.ofMillis(20))
          .score(digits)
          .results()
          .map(s -> s.value).returns(Types.INT);
    }
    guesses.map(new Stamp()).returns(Types.INT).sinkTo(new DiscardingSink<>());
    return env.execute("flink-bench " + v.name);
  }

  /**
   * Stamps the first and the last result of a job (every subtask of this JVM's MiniCluster), so
   * that the rate excludes the job's start and the models' building.
   */
  static final class Stamp implements org.apache.flink.api.common.functions.MapFunction<Integer, Integer> {
    private static final long serialVersionUID = 1L;
    static final java.util.concurrent.atomic.AtomicLong FIRST = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong LAST = new java.util.concurrent.atomic.AtomicLong();

    static void reset() {
      FIRST.set(0);
      LAST.set(0);
    }

    @Override
    public Integer map(Integer value) {
      long now = System.nanoTime();
      FIRST.compareAndSet(0, now);
      LAST.accumulateAndGet(now, Math::max);
      return value;
    }
  }

  static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** What users write today: a SavedModel loaded in open, one TF Java call per record. */
  static final class PerRecordSavedModel extends RichMapFunction<float[], Integer> {
    private static final long serialVersionUID = 1L;
    private final String dir;
    private transient SavedModelBundle bundle;

    PerRecordSavedModel(String dir) {
      this.dir = dir;
    }

    @Override
    public void open(OpenContext openContext) {
      bundle = SavedModelBundle.load(dir, "serve");
    }

    @Override
    public Integer map(float[] pixels) {
      try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, pixels.length), DataBuffers.of(pixels));
          Result result = bundle.function("serving_default").call(Map.of("pixels", (Tensor) x));
          TFloat32 logits = (TFloat32) result.get("logits").orElseThrow()) {
        float[] row = new float[10];
        logits.copyTo(DataBuffers.of(row, false, false));
        return argMax(row);
      }
    }

    @Override
    public void close() {
      if (bundle != null) {
        bundle.close();
      }
    }
  }
}
