package dev.cordon.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cordon.runtime.train.LearningRate;
import dev.cordon.runtime.train.Optimizer;
import dev.cordon.runtime.train.TrainingCheckpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One Adam model per key, weights and optimizer state in keyed state, one graph per subtask; a
 * failure mid-training and a rescale: every key's steps equal that key trained alone.
 */
class PerKeyTrainingTest {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder()
          .setNumberTaskManagers(2)
          .setNumberSlotsPerTaskManager(2)
          .build());

  static final int KEYS = 4;
  static final int MICRO_BATCH = 10;
  static final int RECORDS = 400;
  static final AtomicInteger MODELS_BUILT = new AtomicInteger();
  static final AtomicBoolean FAILED = new AtomicBoolean();

  /**
   * A training step's report: the key, its step number and fingerprints of its new weights and of
   * its whole training state (weights, Adam's slots, the step counter).
   */
  public static final class Step {
    public int key;
    public int step;
    public int kernelHash;
    public int biasHash;
    public int stateHash;

    public Step() {}

    Step(int key, int step, CordonLinearDigits model) {
      this.key = key;
      this.step = step;
      this.kernelHash = Arrays.hashCode(model.variables().readFloats("kernel"));
      this.biasHash = Arrays.hashCode(model.variables().readFloats("bias"));
      this.stateHash = Arrays.hashCode(TrainingCheckpoint.save(model));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Step s && s.key == key && s.step == step && s.kernelHash == kernelHash
          && s.biasHash == biasHash && s.stateHash == stateHash;
    }

    @Override
    public int hashCode() {
      return key * 31 + step;
    }

    @Override
    public String toString() {
      return "key " + key + " step " + step + " " + kernelHash + "/" + biasHash + "/" + stateHash;
    }
  }

  /** Adam (two slots per weight) on a decaying schedule (which follows the step counter). */
  static CordonLinearDigits newModel() {
    return CordonLinearDigits.builder().seed(7)
        .optimizer(Optimizer.adam(LearningRate.exponentialDecay(0.01f, 5, 0.9f))).build();
  }

  /** Trains on the micro-batch, then reports the key's step count (from the records' ids) and weights. */
  static Step trainStep(CordonLinearDigits model, List<Digit> batch) {
    float[][] x = new float[batch.size()][];
    int[] y = new int[batch.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = batch.get(i).pixels;
      y[i] = batch.get(i).label;
    }
    model.trainStep(x, y);
    Digit last = batch.get(batch.size() - 1);
    return new Step(last.id % KEYS, last.id / KEYS / MICRO_BATCH, model);
  }

  @Test
  void eachKeysModelTrainsInKeyedStateAndSurvivesARestoreBitIdentical() throws Exception {
    MODELS_BUILT.set(0);
    FAILED.set(false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(100);
    Configuration restart = new Configuration();
    restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    env.configure(restart);
    TypeInformation<Digit> digitType = TypeInformation.of(Digit.class);
    // The second half of the records comes slowly until the failure has happened, so that the
    // job cannot end before it, however slow the checkpoints of a busy machine are.
    DataStream<Digit> digits = env.fromSource(
        new DataGeneratorSource<>(index -> {
          if (index >= RECORDS / 2 && !FAILED.get()) {
            Thread.sleep(20);
          }
          return Mnist.withId(index);
        }, RECORDS, RateLimiterStrategy.perSecond(300), digitType),
        WatermarkStrategy.noWatermarks(), "digits").setParallelism(1); // each key's order is fixed
    DataStream<Step> steps = digits
        .keyBy(d -> d.id % KEYS, Types.INT)
        .process(new PerKeyTraining<Integer, CordonLinearDigits, Digit, Step>(() -> {
          MODELS_BUILT.incrementAndGet();
          return newModel();
        }, MICRO_BATCH, PerKeyTrainingTest::trainStep, digitType), TypeInformation.of(Step.class))
        .map(s -> {
          if (CheckSink.completedCheckpoints("per-key") >= 4 && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure");
          }
          return s;
        }).returns(TypeInformation.of(Step.class));
    CheckSink.exactlyOnce(steps, "per-key");
    env.execute("per-key training");

    assertTrue(FAILED.get(), "the failure was injected");
    Map<String, Step> actual = new HashMap<>();
    for (Step s : CheckSink.<Step>values("per-key")) {
      assertEquals(null, actual.put(s.key + "/" + s.step, s), "step committed twice: " + s);
    }
    assertEquals(expectedSteps(), actual);
    assertTrue(MODELS_BUILT.get() <= 2 * 2, "one graph per subtask and attempt, not per key: "
        + MODELS_BUILT.get());
  }

  /** The local reference: one fresh model per key, the key's micro-batches in order. */
  static Map<String, Step> expectedSteps() {
    Map<String, Step> expected = new HashMap<>();
    for (int key = 0; key < KEYS; key++) {
      try (CordonLinearDigits model = newModel()) {
        List<Digit> batch = new ArrayList<>();
        for (int id = key; id < RECORDS; id += KEYS) {
          batch.add(Mnist.withId(id));
          if (batch.size() == MICRO_BATCH) {
            Step s = trainStep(model, batch);
            expected.put(s.key + "/" + s.step, s);
            batch.clear();
          }
        }
      }
    }
    return expected;
  }

  /**
   * What the check above would catch: one model trained by turns for every key, with each key's
   * WEIGHTS alone swapped in (Adam's slots and step shared by the keys), leaves the trajectories.
   */
  @Test
  void keysSharingOneModelsOptimizerStateWouldNotMatchTheReference(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dirs) {
    Map<String, Step> shared = new HashMap<>();
    try (CordonLinearDigits model = newModel()) {
      model.save(dirs.resolve("initial"));
      Map<Integer, List<Digit>> batches = new HashMap<>();
      for (int id = 0; id < RECORDS; id++) {
        int key = id % KEYS;
        List<Digit> batch = batches.computeIfAbsent(key, k -> new ArrayList<>());
        batch.add(Mnist.withId(id));
        if (batch.size() == MICRO_BATCH) {
          java.nio.file.Path keyDir = dirs.resolve("key" + key);
          model.restore(java.nio.file.Files.exists(keyDir) ? keyDir : dirs.resolve("initial"));
          Step s = trainStep(model, batch);
          model.save(keyDir);
          shared.put(s.key + "/" + s.step, s);
          batch.clear();
        }
      }
    }
    Map<String, Step> expected = expectedSteps();
    assertEquals(expected.keySet(), shared.keySet());
    long differing = expected.keySet().stream()
        .filter(k -> !expected.get(k).equals(shared.get(k))).count();
    assertTrue(differing > expected.size() / 2, "differing steps: " + differing);
  }

  static void trainingJob(StreamExecutionEnvironment env, String sink, boolean continued) {
    env.enableCheckpointing(100);
    TypeInformation<Digit> digitType = TypeInformation.of(Digit.class);
    DataStream<Digit> digits = env.fromSource(
        new DataGeneratorSource<>(index -> {
          if (index >= RECORDS / 3 && !STOPPED.get()) {
            Thread.sleep(20); // slow until the savepoint is taken: the job cannot end first
          }
          return Mnist.withId(index);
        }, RECORDS, RateLimiterStrategy.perSecond(200), digitType),
        WatermarkStrategy.noWatermarks(), "digits").setParallelism(1).uid("digits");
    DataStream<Step> steps = digits
        .keyBy(d -> d.id % KEYS, Types.INT)
        .process(new PerKeyTraining<Integer, CordonLinearDigits, Digit, Step>(
            PerKeyTrainingTest::newModel, MICRO_BATCH, PerKeyTrainingTest::trainStep, digitType),
            TypeInformation.of(Step.class))
        .uid("per-key-training");
    if (continued) {
      CheckSink.exactlyOnceContinued(steps, sink);
    } else {
      CheckSink.exactlyOnce(steps, sink);
    }
  }

  /** Set once the first job stopped with a savepoint. */
  static final AtomicBoolean STOPPED = new AtomicBoolean();

  @Test
  void keyedWeightsSurviveAStopWithSavepointAndARescaleFromTwoToFour(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path savepoints) throws Exception {
    STOPPED.set(false);
    StreamExecutionEnvironment first = StreamExecutionEnvironment.getExecutionEnvironment();
    first.setParallelism(2);
    trainingJob(first, "rescale", false);
    org.apache.flink.core.execution.JobClient job = first.executeAsync("per-key training, p=2");
    while (CheckSink.values("rescale").size() < RECORDS / MICRO_BATCH / 4) {
      Thread.sleep(20);
    }
    String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(),
        org.apache.flink.core.execution.SavepointFormatType.CANONICAL).get();
    STOPPED.set(true);
    int beforeRescale = CheckSink.values("rescale").size();
    assertTrue(beforeRescale < RECORDS / MICRO_BATCH, "stopped mid-stream: " + beforeRescale);

    Configuration restore = new Configuration();
    restore.set(org.apache.flink.configuration.StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    StreamExecutionEnvironment second = StreamExecutionEnvironment.getExecutionEnvironment(restore);
    second.setParallelism(4);
    trainingJob(second, "rescale", true);
    second.execute("per-key training, p=4 from the savepoint");

    Map<String, Step> actual = new HashMap<>();
    for (Step s : CheckSink.<Step>values("rescale")) {
      assertEquals(null, actual.put(s.key + "/" + s.step, s), "step committed twice: " + s);
    }
    assertEquals(expectedSteps(), actual);
  }
}
