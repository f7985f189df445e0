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
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
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
          .build());

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
            .score(digits(env, count, 1500).rebalance());
    DataStream<Scored<Guess>> failing = scored.results().map(r -> {
      if (CheckSink.completedCheckpoints("exactly-once") >= 8 && FAILED.compareAndSet(false, true)) {
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
  }
}
