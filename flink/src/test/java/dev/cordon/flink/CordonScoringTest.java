package dev.cordon.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Scoring on a real Flink MiniCluster: 2 TaskManagers with 2 slots each, parallelism 4. */
class CordonScoringTest {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder()
          .setNumberTaskManagers(2)
          .setNumberSlotsPerTaskManager(2)
          .setConfiguration(withTestMetrics())
          .build());

  static Configuration withTestMetrics() {
    Configuration conf = new Configuration();
    conf.set(org.apache.flink.configuration.ConfigOptions.key("metrics.reporter.test.factory.class")
        .stringType().noDefaultValue(), TestMetrics.class.getName());
    return conf;
  }

  static final TypeInformation<Digit> DIGIT = TypeInformation.of(Digit.class);
  static final TypeInformation<Guess> GUESS = TypeInformation.of(Guess.class);

  /** A linear classifier restored from the Cordon checkpoint a version names. */
  static final ModelLoader<CordonLinearDigits> CHECKPOINT =
      ModelLoader.checkpoint(() -> CordonLinearDigits.builder().build());

  /** Batches of digits through the generated {@code float[][] logits(float[][])}. */
  static final BatchFunction<CordonLinearDigits, Digit, Guess> LOGITS = BatchFunction.arrays(
      Digit::pixels, float[][]::new, CordonLinearDigits::logits,
      (digit, logits, row) -> new Guess(digit.id, logits[row]));

  @TempDir static Path dir;
  static Path v1;
  static Path v2;
  static float[][] v1Logits;
  static float[][] v2Logits;

  @BeforeAll
  static void trainTwoVersions() {
    v1 = Mnist.trainAndSave(1, 5, dir.resolve("v1"));
    v2 = Mnist.trainAndSave(2, 30, dir.resolve("v2"));
    v1Logits = Mnist.localLogits(v1);
    v2Logits = Mnist.localLogits(v2);
  }

  static StreamExecutionEnvironment env() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(4);
    return env;
  }

  static DataStream<Digit> digits(StreamExecutionEnvironment env, int count, double perSecond) {
    DataGeneratorSource<Digit> source = new DataGeneratorSource<>(Mnist::withId, count,
        perSecond > 0 ? RateLimiterStrategy.perSecond(perSecond) : RateLimiterStrategy.noOp(), DIGIT);
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "digits");
  }

  static void assertScoredBy(Guess guess, float[][] expected, String what) {
    float[] local = expected[guess.id % Mnist.SIZE];
    assertEquals(Guess.argMax(local), guess.digit, what + " digit of record " + guess.id);
    assertArrayEquals(local, guess.logits, 1e-5f, what + " logits of record " + guess.id);
  }

  @Test
  void parallelismFourGivesTheLocalModelsPredictions() throws Exception {
    StreamExecutionEnvironment env = env();
    CordonScoring.ScoredStream<Digit, Guess> scored =
        CordonScoring.with(CHECKPOINT, LOGITS, GUESS)
            .version(ModelVersion.of("v2", v2.toUri().toString()))
            .maxBatchSize(64)
            .maxDelay(Duration.ofMillis(50))
            .score(digits(env, Mnist.SIZE, 0).rebalance());
    CheckSink.plain(scored.results(), "mnist");
    CheckSink.plain(scored.badRecords(), "mnist-bad");
    env.execute("score MNIST");

    List<Scored<Guess>> results = CheckSink.values("mnist");
    assertEquals(Mnist.SIZE, results.size());
    Set<Integer> ids = new HashSet<>();
    int correct = 0;
    for (Scored<Guess> r : results) {
      assertEquals("v2", r.modelVersion());
      assertTrue(ids.add(r.value().id), "record " + r.value().id + " scored twice");
      assertScoredBy(r.value(), v2Logits, "v2");
      correct += r.value().digit == Mnist.digit(r.value().id).label ? 1 : 0;
    }
    assertTrue(correct > 800, "a trained model reads most digits: " + correct);
    assertEquals(List.of(), CheckSink.values("mnist-bad"));

    // The operator's metrics, one set per subtask, in the task's metric group.
    assertEquals(Mnist.SIZE, TestMetrics.counterSum("score MNIST", "recordsScored"));
    assertEquals(0, TestMetrics.counterSum("score MNIST", "badRecords"));
    long batches = TestMetrics.counterSum("score MNIST", "batches");
    assertTrue(batches >= Mnist.SIZE / 64 && batches < Mnist.SIZE, "batches: " + batches);
    assertEquals(batches, TestMetrics.histogramCount("score MNIST", "batchSize"));
    assertEquals(batches, TestMetrics.histogramCount("score MNIST", "inferenceLatencyMicros"));
    assertEquals(List.of("v2", "v2", "v2", "v2"), TestMetrics.gaugeValues("score MNIST", "modelVersion"));
    assertEquals(List.of(0, 0, 0, 0), TestMetrics.gaugeValues("score MNIST", "recordsInFlight"));
  }

  /** Fails the job once, after the check sink committed {@code after} checkpoints. */
  static final AtomicBoolean FAILED = new AtomicBoolean();

  @Test
  void aFailureAfterACheckpointRecoversWithEveryRecordScoredExactlyOnce() throws Exception {
    int count = 3000;
    FAILED.set(false);
    StreamExecutionEnvironment env = env();
    env.enableCheckpointing(100);
    Configuration restart = new Configuration();
    restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    env.configure(restart);
    CordonScoring.ScoredStream<Digit, Guess> scored =
        CordonScoring.with(CHECKPOINT, LOGITS, GUESS)
            .version(ModelVersion.of("v1", v1.toString()))
            .maxBatchSize(50)
            .maxDelay(Duration.ofMillis(300)) // records wait across checkpoints
            .score(env.fromSource(new DataGeneratorSource<>(index -> {
              if (index >= count / 2 && !FAILED.get()) {
                Thread.sleep(10); // slow until the failure, so that the job cannot end before it
              }
              return Mnist.withId(index);
            }, count, RateLimiterStrategy.perSecond(1000), DIGIT),
                WatermarkStrategy.noWatermarks(), "digits").rebalance());
    DataStream<Scored<Guess>> failing = scored.results().map(r -> {
      if (CheckSink.completedCheckpoints("exactly-once") >= 4 && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure");
      }
      return r;
    }).returns(scored.results().getType());
    CheckSink.exactlyOnce(failing, "exactly-once");
    env.execute("score MNIST, fail once");

    assertTrue(FAILED.get(), "the failure was injected");
    List<Scored<Guess>> results = CheckSink.values("exactly-once");
    Map<Integer, Integer> seen = new HashMap<>();
    for (Scored<Guess> r : results) {
      seen.merge(r.value().id, 1, Integer::sum);
      assertScoredBy(r.value(), v1Logits, "v1");
    }
    List<Integer> twice = new ArrayList<>();
    seen.forEach((id, n) -> {
      if (n > 1) {
        twice.add(id);
      }
    });
    assertEquals(List.of(), twice, "records committed more than once");
    assertEquals(count, seen.size(), "records committed");
    assertEquals(count, results.size());
    assertTrue(TestMetrics.counterSum("score MNIST, fail once", "recordsRestored") > 0,
        "records waiting in a batch at the checkpoint were restored and scored");
  }

  static final java.util.concurrent.atomic.AtomicInteger BUILT_V2 =
      new java.util.concurrent.atomic.AtomicInteger();

  @Test
  void aVersionAnnouncedMidStreamTakesOverAtABatchBoundary() throws Exception {
    int count = 1600;
    StreamExecutionEnvironment env = env();
    String first = v1.toUri().toString();
    String second = v2.toString();
    DataGeneratorSource<ModelVersion> announcements = new DataGeneratorSource<>(index -> {
      if (index == 0) {
        return ModelVersion.of("v1", first);
      }
      while (CheckSink.values("versions").size() < count / 3) { // mid-stream
        Thread.sleep(5);
      }
      return ModelVersion.of("v2", second);
    }, 2, CordonScoring.versionType());
    DataStream<ModelVersion> versions = env
        .fromSource(announcements, WatermarkStrategy.noWatermarks(), "versions").setParallelism(1);
    // One record source, so that its indices are in time order; the last third waits until
    // every subtask has built v2 (beside v1), so the switch surely happens mid-stream.
    BUILT_V2.set(0);
    DataStream<Digit> digits = env.fromSource(new DataGeneratorSource<>(index -> {
      long deadline = System.currentTimeMillis() + 30_000;
      while (index >= 2 * count / 3 && BUILT_V2.get() < 4 && System.currentTimeMillis() < deadline) {
        Thread.sleep(5);
      }
      return Mnist.withId(index);
    }, count, RateLimiterStrategy.perSecond(1000), DIGIT), WatermarkStrategy.noWatermarks(),
        "digits").setParallelism(1);
    ModelLoader<CordonLinearDigits> countingV2 = version -> {
      CordonLinearDigits model = CHECKPOINT.load(version);
      if (version.id.equals("v2")) {
        BUILT_V2.incrementAndGet();
      }
      return model;
    };
    CordonScoring.ScoredStream<Digit, Guess> scored =
        CordonScoring.with(countingV2, LOGITS, GUESS)
            .maxBatchSize(32)
            .maxDelay(Duration.ofMillis(50))
            .score(digits.rebalance(), versions);
    CheckSink.plain(scored.results(), "versions"); // chained: sink subtask i = scoring subtask i
    CheckSink.plain(scored.badRecords(), "versions-bad");
    env.execute("score MNIST, switch versions");

    List<CheckSink.Committed<Scored<Guess>>> results = CheckSink.committed("versions");
    assertEquals(count, results.size());
    Set<Integer> ids = new HashSet<>();
    Map<String, Integer> byVersion = new HashMap<>();
    Map<Integer, String> lastVersionOfSubtask = new HashMap<>();
    for (CheckSink.Committed<Scored<Guess>> c : results) {
      Scored<Guess> r = c.value();
      assertTrue(ids.add(r.value().id), "record " + r.value().id + " scored twice");
      assertScoredBy(r.value(), r.modelVersion().equals("v1") ? v1Logits : v2Logits,
          r.modelVersion());
      byVersion.merge(r.modelVersion(), 1, Integer::sum);
      String before = lastVersionOfSubtask.put(c.subtask(), r.modelVersion());
      assertTrue(before == null || before.equals(r.modelVersion()) || before.equals("v1"),
          "subtask " + c.subtask() + " went back from " + before + " to " + r.modelVersion());
    }
    assertTrue(byVersion.getOrDefault("v1", 0) >= count / 3, "scored by v1: " + byVersion);
    assertTrue(byVersion.getOrDefault("v2", 0) >= count / 3 - 4 * 32, "scored by v2: " + byVersion);
    assertEquals(Map.of(0, "v2", 1, "v2", 2, "v2", 3, "v2"), lastVersionOfSubtask);
    assertEquals(List.of(), CheckSink.values("versions-bad"), "a closed model refuses records");
  }

  @Test
  void badRecordsGoToTheSideOutputWithTheReasonAndTheJobGoesOn() throws Exception {
    StreamExecutionEnvironment env = env();
    BatchFunction<CordonLinearDigits, Digit, Guess> failingMapper = BatchFunction.arrays(
        d -> {
          if (d.id == 13) {
            throw new IllegalArgumentException("cannot map record 13");
          }
          return d.pixels;
        },
        float[][]::new, CordonLinearDigits::logits, (d, logits, row) -> new Guess(d.id, logits[row]));
    DataStream<Digit> digits = digits(env, 200, 0).map(d -> {
      if (d.id % 50 == 7) {
        return new Digit(d.id, new float[12], d.label); // wrong shape, refused by the check
      }
      if (d.id % 50 == 9) {
        return new Digit(d.id, null, d.label); // null pixels: the model throws
      }
      if (d.id % 50 == 11) {
        return new Digit(d.id, new float[785], d.label); // wrong shape the check lets through
      }
      return d;
    }).returns(DIGIT).rebalance();
    CordonScoring.ScoredStream<Digit, Guess> scored =
        CordonScoring.with(CHECKPOINT, failingMapper, GUESS)
            .version(ModelVersion.of("v1", v1.toString()))
            .check(d -> d.pixels != null && d.pixels.length < 784
                ? "expected 784 pixels, got " + d.pixels.length : null)
            .score(digits);
    CheckSink.plain(scored.results(), "bad-good");
    CheckSink.plain(scored.badRecords(), "bad");
    env.execute("score MNIST with bad records");

    Map<Integer, String> reasons = new HashMap<>();
    for (BadRecord<Digit> bad : CheckSink.<BadRecord<Digit>>values("bad")) {
      reasons.put(bad.record().id, bad.reason());
    }
    assertEquals(Set.of(7, 57, 107, 157, 9, 59, 109, 159, 11, 61, 111, 161, 13), reasons.keySet(),
        reasons.toString());
    assertEquals("expected 784 pixels, got 12", reasons.get(57));
    assertTrue(reasons.get(13).contains("cannot map record 13"), reasons.get(13));
    assertTrue(reasons.get(9).startsWith("NullPointerException")
        || reasons.get(9).contains("null"), reasons.get(9));
    assertTrue(reasons.get(11).contains("785"), reasons.get(11));
    List<Scored<Guess>> good = CheckSink.values("bad-good");
    assertEquals(200 - reasons.size(), good.size());
    for (Scored<Guess> r : good) {
      assertScoredBy(r.value(), v1Logits, "v1");
    }
  }

  static CordonScoring.ScoredStream<Digit, Guess> versionedJob(StreamExecutionEnvironment env,
      int count, String version) {
    env.enableCheckpointing(100);
    DataStream<Digit> digits = env.fromSource(new DataGeneratorSource<>(index -> {
          if (index >= count / 3 && !STOPPED.get()) {
            Thread.sleep(20); // slow until the savepoint is taken: the job cannot end first
          }
          return Mnist.withId(index);
        }, count, RateLimiterStrategy.perSecond(600), DIGIT), WatermarkStrategy.noWatermarks(),
            "digits")
        .setParallelism(1).uid("digits");
    DataStream<ModelVersion> versions = env.fromSource(new DataGeneratorSource<>(
            index -> ModelVersion.of("v2", version), 1, CordonScoring.versionType()),
        WatermarkStrategy.noWatermarks(), "versions").setParallelism(1).uid("versions");
    CordonScoring.ScoredStream<Digit, Guess> scored = CordonScoring.with(CHECKPOINT, LOGITS, GUESS)
        .maxBatchSize(50)
        .maxDelay(Duration.ofMillis(300)) // records wait in the savepoint
        .score(digits.rebalance(), versions);
    scored.results().uid("scoring");
    return scored;
  }

  /** Set once the first job stopped with a savepoint. */
  static final AtomicBoolean STOPPED = new AtomicBoolean();

  @Test
  void aJobRestoredFromASavepointAtAnotherParallelismResumesWithItsVersion(
      @TempDir Path savepoints) throws Exception {
    int count = 1200;
    STOPPED.set(false);
    StreamExecutionEnvironment first = StreamExecutionEnvironment.getExecutionEnvironment();
    first.setParallelism(2);
    CheckSink.exactlyOnce(versionedJob(first, count, v2.toString()).results(), "resume");
    org.apache.flink.core.execution.JobClient job = first.executeAsync("versioned scoring, p=2");
    while (CheckSink.values("resume").size() < count / 4) {
      Thread.sleep(20);
    }
    String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(),
        org.apache.flink.core.execution.SavepointFormatType.CANONICAL).get();
    STOPPED.set(true);
    int before = CheckSink.values("resume").size();
    assertTrue(before < count, "stopped mid-stream: " + before);

    // The versions source has emitted its one announcement: after the restore, v2 comes from the
    // scoring operator's own state, or no record could be scored.
    Configuration restore = new Configuration();
    restore.set(org.apache.flink.configuration.StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    StreamExecutionEnvironment second = StreamExecutionEnvironment.getExecutionEnvironment(restore);
    second.setParallelism(4);
    CordonScoring.ScoredStream<Digit, Guess> scored = versionedJob(second, count, v2.toString());
    CheckSink.exactlyOnceContinued(scored.results(), "resume");
    CheckSink.plain(scored.badRecords(), "resume-bad");
    second.execute("versioned scoring, p=4 from the savepoint");

    Set<Integer> ids = new HashSet<>();
    for (Scored<Guess> r : CheckSink.<Scored<Guess>>values("resume")) {
      assertEquals("v2", r.modelVersion());
      assertTrue(ids.add(r.value().id), "record " + r.value().id + " committed twice");
      assertScoredBy(r.value(), v2Logits, "v2");
    }
    assertEquals(count, ids.size());
    assertEquals(List.of(), CheckSink.values("resume-bad"));
  }

  @Test
  void aVersionThatFailsToBuildIsCountedAndTheOneInUseStays() throws Exception {
    int count = 600;
    StreamExecutionEnvironment env = env();
    String good = v1.toString();
    DataGeneratorSource<ModelVersion> announcements = new DataGeneratorSource<>(index -> {
      if (index == 0) {
        return ModelVersion.of("v1", good);
      }
      while (CheckSink.values("broken-version").size() < count / 4) {
        Thread.sleep(5);
      }
      return ModelVersion.of("v-missing", "/no/such/checkpoint");
    }, 2, CordonScoring.versionType());
    CordonScoring.ScoredStream<Digit, Guess> scored = CordonScoring.with(CHECKPOINT, LOGITS, GUESS)
        .maxBatchSize(16)
        .score(digits(env, count, 600).rebalance(), env
            .fromSource(announcements, WatermarkStrategy.noWatermarks(), "versions")
            .setParallelism(1));
    CheckSink.plain(scored.results(), "broken-version");
    CheckSink.plain(scored.badRecords(), "broken-version-bad");
    env.execute("broken version");

    List<Scored<Guess>> results = CheckSink.values("broken-version");
    assertEquals(count, results.size());
    for (Scored<Guess> r : results) {
      assertEquals("v1", r.modelVersion());
    }
    assertEquals(List.of(), CheckSink.values("broken-version-bad"));
    assertEquals(4, TestMetrics.counterSum("broken version", "versionBuildFailures"));
    assertEquals(4, TestMetrics.counterSum("broken version", "versionSwitches")); // to v1 only
  }

  /** Counts the results whose timestamps the watermark had already passed. */
  static final class LateCounter extends ProcessFunction<Scored<Guess>, Boolean> {
    @Override
    public void processElement(Scored<Guess> value, Context ctx, Collector<Boolean> out) {
      out.collect(ctx.timestamp() <= ctx.timerService().currentWatermark());
    }
  }

  static List<Boolean> lateness(Ordering ordering, String sink) throws Exception {
    StreamExecutionEnvironment env = env();
    env.setParallelism(1);
    // A watermark right after every record (its timestamp, the record's id): deterministic.
    WatermarkStrategy<Digit> everyRecord = WatermarkStrategy.<Digit>forGenerator(
        context -> new WatermarkGenerator<Digit>() {
          @Override
          public void onEvent(Digit digit, long timestamp, WatermarkOutput output) {
            output.emitWatermark(new org.apache.flink.api.common.eventtime.Watermark(timestamp));
          }

          @Override
          public void onPeriodicEmit(WatermarkOutput output) {}
        }).withTimestampAssigner((d, t) -> d.id);
    DataStream<Digit> digits = env.fromSource(
        new DataGeneratorSource<>(Mnist::withId, 300, RateLimiterStrategy.noOp(), DIGIT),
        everyRecord, "digits");
    CordonScoring.ScoredStream<Digit, Guess> scored = CordonScoring.with(CHECKPOINT, LOGITS, GUESS)
        .version(ModelVersion.of("v1", v1.toString()))
        .maxBatchSize(10_000)
        .maxDelay(Duration.ofMinutes(1)) // only watermarks and the end of the input flush
        .ordering(ordering)
        .score(digits);
    CheckSink.plain(scored.results().process(new LateCounter()).returns(Boolean.class), sink);
    env.execute("watermarks " + ordering);
    return CheckSink.values(sink);
  }

  @Test
  void orderedScoringKeepsResultsAheadOfWatermarksUnorderedLetsThemPass() throws Exception {
    List<Boolean> ordered = lateness(Ordering.ORDERED, "ordered");
    assertEquals(300, ordered.size());
    assertEquals(0, ordered.stream().filter(late -> late).count(), "late results, ORDERED");
    assertEquals(300, TestMetrics.counterSum("watermarks ORDERED", "batches"),
        "each watermark flushed the record before it");

    List<Boolean> unordered = lateness(Ordering.UNORDERED, "unordered");
    assertEquals(300, unordered.size());
    assertEquals(300, unordered.stream().filter(late -> late).count(), "late results, UNORDERED");
    assertEquals(1, TestMetrics.counterSum("watermarks UNORDERED", "batches"),
        "one batch, at the end of the input");
  }
}
