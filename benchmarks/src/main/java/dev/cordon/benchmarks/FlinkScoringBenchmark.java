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
 * (records per job: {@code -Dflink.bench.records=100000}). Each job's net run time includes its
 * start and the models' building, so use enough records; every job runs twice and the second,
 * warm run is reported.
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
    Path savedModel = Files.createTempDirectory("cordon-flink-bench-").resolve("bench");
    try (CordonBenchClassifier model = CordonBenchClassifier.builder().seed(1).build()) {
      model.exportSavedModel(savedModel); // the same weights for every variant
    }
    String location = savedModel.resolve("variables").toString(); // doubles as a Cordon checkpoint
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-20s %12s %10s", "job", "records/s", "seconds"));
    for (Variant v : List.of(new Variant("per-record", 0, 1), new Variant("cordon b=1", 1, 1),
        new Variant("cordon b=64", 64, 1), new Variant("cordon b=64 p=2", 64, 2))) {
      run(v, Math.min(records, 5_000), savedModel, location); // warm-up
      JobExecutionResult result = run(v, records, savedModel, location);
      double seconds = result.getNetRuntime() / 1e3;
      lines.add(String.format(Locale.ROOT, "%-20s %12.0f %10.2f", v.name, records / seconds, seconds));
      System.out.println(lines.get(lines.size() - 1));
    }
    System.out.println();
    System.out.println(records + " MNIST records per job, warm runs:");
    lines.forEach(System.out::println);
  }

  record Variant(String name, int batchSize, int parallelism) {}

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
    guesses.sinkTo(new DiscardingSink<>());
    return env.execute("flink-bench " + v.name);
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
